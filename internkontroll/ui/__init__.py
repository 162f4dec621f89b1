"""The PySide6 user interface."""

import sys


def _keep_none_alive() -> None:
    """Work around PySide6 6.12 on Python 3.11.

    Its calls that return nothing hand back None without taking a reference (fine on 3.12+,
    where None is immortal). Every such call then lowers None's reference count by one, and a
    few thousand calls into a session the interpreter stops with "deallocating None". Raising
    the count once, far beyond what any session can use up, keeps None alive; None is never
    freed anyway. tests/ui/test_qt_binding.py runs a million such calls in a real process.
    """
    if sys.version_info < (3, 12) and sys.implementation.name == "cpython":
        import ctypes

        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


_keep_none_alive()
