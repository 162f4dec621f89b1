"""The sampling dialog says how sure the chosen size makes the result, and what size a chosen
margin needs (issue: statistics the nämnd can trust)."""

from pathlib import Path
from typing import Any

import pytest

from internkontroll.core.precision import margin_of_error, sample_size
from internkontroll.ui.dialogs.sample import SampleDialog
from tests.importers.population_data import population_rows, write_population_csv
from tests.ops.test_reviews import open_window

NBSP = "\u00a0"


@pytest.fixture
def dialog(qtbot: Any, db_path: Path) -> SampleDialog:
    from internkontroll.ops.templates import controls

    window = open_window(qtbot, db_path)
    assert window.db is not None
    template = next(t for t in controls(window.db).value if t.key == "ekonomiskt-bistand")
    made = SampleDialog(window.db, window.tasks, template,
                        {"template_key": template.key, "label": "X", "when": None,
                         "period": None})
    qtbot.addWidget(made)
    made.show()
    return made


def test_the_precision_of_the_chosen_size_out_of_the_frame(dialog: SampleDialog,
                                                          tmp_path: Path) -> None:
    box = dialog.precision
    dialog.sample_size.setValue(20)
    assert box.sentence.text().startswith(
        f"20{NBSP}ärenden ger en felmarginal på ungefär ±18{NBSP}procentenheter")
    assert "Visa urvalsramen" in box.sentence.text()  # the frame is not known yet
    dialog.set_file(write_population_csv(tmp_path / "beslut.csv", population_rows(523)))
    dialog.show_frame()
    assert "Urvalsramen: 523 hushåll" in dialog.frame_text.text()
    assert box.sentence.text() == (
        f"20{NBSP}ärenden ur 523 ger en felmarginal på ungefär ±18{NBSP}procentenheter för en "
        f"andel kring 80{NBSP}%.")
    dialog.sample_size.setValue(60)
    shown = -int(-margin_of_error(60, 523, 80) // 1)
    assert f"60{NBSP}ärenden ur 523 ger en felmarginal på ungefär ±{shown}{NBSP}" in \
        box.sentence.text()
    box.expected.setValue(50)
    assert f"andel kring 50{NBSP}%" in box.sentence.text()
    dialog.census.setChecked(True)
    assert box.sentence.text().startswith(f"Samtliga 523{NBSP}ärenden granskas (totalundersökning)")
    assert "ingen osäkerhet" in box.sentence.text()


def test_the_size_a_margin_needs_and_using_it(dialog: SampleDialog, tmp_path: Path) -> None:
    box = dialog.precision
    dialog.set_file(write_population_csv(tmp_path / "beslut.csv", population_rows(412)))
    dialog.show_frame()
    box.expected.setValue(80)
    box.margin.setValue(10)
    assert box.needed.text() == "Den felmarginalen kräver 54 ärenden ur 412."
    assert sample_size(412, 80, 10) == 54
    dialog.census.setChecked(True)
    box.use.click()
    assert (dialog.census.isChecked(), dialog.sample_size.value()) == (False, 54)
    assert box.sentence.text().startswith(
        f"54{NBSP}ärenden ur 412 ger en felmarginal på ungefär ±10{NBSP}procentenheter")
    box.margin.setValue(1)
    assert "kräver" in box.needed.text() and "412" in box.needed.text()
    dialog.sample_size.setValue(500)
    assert box.sentence.text() == "Urvalet är större än urvalsramen (412 ärenden)."


def test_an_empty_frame_is_not_an_error(dialog: SampleDialog) -> None:
    """Every row filtered away: the box waits for a frame instead of failing."""
    box = dialog.precision
    dialog.sample_size.setValue(20)
    box.set_frame(0)
    assert "Visa urvalsramen" in box.sentence.text()
    dialog.census.setChecked(True)
    box.set_frame(0)
    assert "totalundersökning" in box.sentence.text()
