"""The Qt binding survives a long session: a million calls that return nothing."""

import subprocess
import sys

CODE = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import internkontroll.ui
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for n in range(1_000_000):
    label.setText("x")  # returns nothing
print(before - sys.getrefcount(None))
"""


def test_a_million_void_qt_calls_do_not_bring_the_process_down() -> None:
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-500:]
    assert "deallocating None" not in done.stderr
