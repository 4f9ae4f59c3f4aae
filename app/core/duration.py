"""Track lengths as people read them."""

from __future__ import annotations


def format_duration(seconds: int | None) -> str:
    """``3:05``, or ``1:02:03`` past an hour; an unknown length is the empty string."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
