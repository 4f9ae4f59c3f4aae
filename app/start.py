"""Where the program starts: as little as possible runs before Ctrl+C is handled.

Importing the command line takes a moment; an interrupt during it ends the program as an
interrupt later does (one line, exit status 130), not with a traceback.
"""

import sys

INTERRUPTED = 130


def main() -> int:
    try:
        from app.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("drive-playlist: interrupted\n")
        return INTERRUPTED
    return run()
