"""Where the program starts: as little as possible runs before Ctrl+C is handled.

Importing the command line takes a moment; an interrupt during it ends the program as an
interrupt later does (one line, exit status 130), not with a traceback.
"""

import sys

INTERRUPTED = 130


def interrupted(exc: BaseException | None) -> bool:
    """Ctrl+C, also where Python wraps it: 3.11 turns one that lands in ``__set_name__``
    (while a dataclass with slots is being built, say) into a RuntimeError."""
    while exc is not None:
        if isinstance(exc, KeyboardInterrupt):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def main() -> int:
    try:
        from app.cli import main as run

        return run()
    except BaseException as exc:
        if not interrupted(exc):
            raise
        sys.stderr.write("drive-playlist: interrupted\n")
        return INTERRUPTED
