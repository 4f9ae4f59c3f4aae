"""PySide6 6.12 on Python 3.11: every call that returns nothing drops a reference to None.

The bindings hand back ``None`` without the reference Python's C API asks for, which is
harmless from Python 3.12 on, where None is immortal.  On 3.11 each such call (setPen,
update, setObjectName, ...) lowers None's count by one; once it reaches zero the process
dies with "deallocating None", at exit or in the middle of painting.  Drawing a map of a
large dossier makes tens of thousands of such calls.  Giving None a count no run can use
up makes it as immortal as the bindings assume; on 3.12 and later it already is.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 48  # references: far more calls than any session makes


def keep_none_alive() -> None:
    if sys.version_info >= (3, 12):
        return
    count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt, the object's first field
    if count.value < RESERVE:
        count.value += RESERVE
