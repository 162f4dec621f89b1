"""The PySide6 user interface.

The binding is pinned to PySide6 6.11.3 (pyproject.toml): 6.12.0 on Python 3.11 returns None and
True/False without taking a reference, and a long session ends in "deallocating None" or
"bool_dealloc". tests/ui/test_qt_binding.py runs such calls in a real process.
"""
