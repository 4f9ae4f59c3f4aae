"""The Qt window. The only layer that imports PySide6."""

from app.ui.none_guard import keep_none_alive

keep_none_alive()  # before any call into PySide6 from this package
