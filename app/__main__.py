import os
import signal


def _interrupted(signum, frame):
    # Ctrl+C before the command line has taken over (imports take a few tens of ms):
    # the same line and status as later, never a traceback.
    os.write(2, b"drive-playlist: interrupted\n")
    os._exit(130)


signal.signal(signal.SIGINT, _interrupted)

from app.cli import main  # noqa: E402  (after the handler, so an early Ctrl+C is caught)

raise SystemExit(main())
