"""The Qt binding survives a long session: 300 000 calls that return None, True or False.

PySide6 6.12.0 on Python 3.11 hands these back without taking a reference; each call lowers the
count of None (or True, False) by one, and the process aborts ("deallocating None",
"bool_dealloc"). The calls run in a child process, so that an abort fails the test instead of
bringing pytest down.
"""

import subprocess
import sys

import pytest

CALLS = 300_000
SETUP = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import internkontroll.ui
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel
app = QApplication([])
label = QLabel()
box = QCheckBox()
box.toggled.connect(lambda checked: None)
class Flag(QObject):
    changed = Signal(bool)
flag = Flag()
flag.changed.connect(lambda value: None)
"""
# Each loop: (what it returns, the calls). The drift is printed, and the process must live.
LOOPS = {
    "None": ("None", "label.setText('x'); label.parent(); label.setEnabled(True)"),
    "True": ("True", "label.isHidden(); flag.changed.emit(True); box.setChecked(True)"),
    "False": ("False", "label.isVisible(); flag.changed.emit(False); box.setChecked(False)"),
}


@pytest.mark.parametrize("returned", sorted(LOOPS))
def test_a_long_session_of_calls_returning_none_or_bools_does_not_abort(returned: str) -> None:
    value, calls = LOOPS[returned]
    code = (SETUP + f"before = sys.getrefcount({value})\n"
            f"for n in range({CALLS}):\n    {calls}\n"
            f"print(before - sys.getrefcount({value}))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-500:]
    assert "dealloc" not in done.stderr
    assert abs(int(done.stdout.strip())) < 1000, done.stdout  # no drift, not one per call


def test_the_pinned_binding_has_the_pdf_preview() -> None:
    done = subprocess.run([sys.executable, "-c", "import PySide6, shiboken6\n"
                           "from PySide6.QtPdf import QPdfDocument\n"
                           "from PySide6.QtPdfWidgets import QPdfView\n"
                           "print(PySide6.__version__, shiboken6.__version__)"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.split() == ["6.11.3", "6.11.3"]
