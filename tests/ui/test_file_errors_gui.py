"""Files the sampling dialog reads and writes on the GUI thread: an OS error is said in Swedish,
never in the library's English."""

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog

from internkontroll.ops.sampling import Drawn
from internkontroll.ui import messages
from internkontroll.ui.dialogs.sample import SampleDialog
from internkontroll.ui.main_window import MainWindow
from tests.ops.test_reviews import open_window


@pytest.fixture
def dialog(qtbot: Any, db_path: Path) -> SampleDialog:
    window: MainWindow = open_window(qtbot, db_path)
    from internkontroll.ops.templates import controls

    assert window.db is not None
    template = next(t for t in controls(window.db).value if t.key == "ekonomiskt-bistand")
    made = SampleDialog(window.db, window.tasks, template,
                        {"template_key": template.key, "label": "X", "when": None,
                         "period": None})
    qtbot.addWidget(made)
    return made


def test_an_unreadable_population_file_is_said_in_swedish(dialog: SampleDialog, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, text, *a: shown.append(text))
    folder = tmp_path / "lista.xlsx"
    folder.mkdir()  # a folder with a workbook's name: the OS refuses to read it
    assert not dialog.set_file(folder)
    assert len(shown) == 1
    assert "Errno" not in shown[0] and "directory" not in shown[0].lower()
    assert "lista.xlsx" in shown[0]


@pytest.mark.parametrize("fault", ["no folder", "a bug"])
def test_a_work_list_that_cannot_be_written_is_said_in_swedish(
        dialog: SampleDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        fault: str) -> None:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, text, *a: shown.append(text))
    target = tmp_path / "saknas" / "arbetslista.xlsx"  # a folder that does not exist
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    if fault == "a bug":
        def broken(*args: object) -> None:
            raise KeyError("worklist column Namn not in row")

        monkeypatch.setattr("internkontroll.reports.worklist.write_worklist", broken)
    drawn = Drawn(review_id=1, seed=1, drawn=1, reserves=0, existed=False, frame_cases=1,
                  frame_rows=1, worklist_title="Arbetslista", worklist_headers=["Ärendenr"],
                  worklist_rows=[(1, "case", ["EB-1"])])
    dialog.save_worklist(drawn)
    assert len(shown) == 1
    assert "Errno" not in shown[0] and "No such file" not in shown[0]
    assert "column" not in shown[0] and "Namn" not in shown[0]
