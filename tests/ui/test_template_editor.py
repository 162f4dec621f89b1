"""The template editor: versions, immutable keys, rules from drop-downs."""

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlmodel import select

from internkontroll.store.models import Review, StoredTemplate
from internkontroll.ui import messages
from internkontroll.ui.dialogs.template_editor import TemplateEditor
from internkontroll.ui.main_window import MainWindow
from tests.conftest import Cli, write_csv
from tests.ui.test_scoring import modal, run_modal, window

__all__ = ["window"]


def _versions(window: MainWindow, key: str) -> list[StoredTemplate]:
    with window.db.session() as session:
        return list(session.exec(select(StoredTemplate).where(StoredTemplate.key == key)
                                 .order_by(StoredTemplate.version)))


def _select_control(window: MainWindow, title_start: str) -> None:
    for n in range(window.tree.topLevelItemCount()):
        if window.tree.topLevelItem(n).text(0).startswith(title_start):
            window.tree.setCurrentItem(window.tree.topLevelItem(n))


def test_editing_a_used_control_adds_a_version_and_old_reviews_keep_theirs(
        window: MainWindow, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys) -> None:
    window.close()
    cli = Cli(window.paths.target, capsys)
    old = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22").strip()
    cli.ok("review", "import", old, write_csv(tmp_path / "a.csv", [
        ["nr", "barn_i_hushallet", "ansokan"], ["1", "ja", "delvis"]]))
    before = json.loads(cli.ok("results", old, "--json"))
    window.open_database(interactive=False)
    _select_control(window, "Ekonomiskt")
    monkeypatch.setattr(messages, "ask_text", lambda *a: "Att beslutet har expedierats")

    def edit() -> None:
        dialog = modal(TemplateEditor)
        dialog.title.setText("Ekonomiskt bistånd – dokumentation, reviderad")
        dialog.item_list.setCurrentRow(0)
        dialog.item_guidance.setPlainText("Helt: ansökan är daterad och undertecknad.")
        dialog._add_item()
        assert dialog.item_list.currentRow() == 7
        dialog.rule_on.setCurrentIndex(dialog.rule_on.findText("När barn i hushållet är …"))
        dialog._rule_values()
        ja = next(dialog.rule_values.item(r) for r in range(dialog.rule_values.count())
                  if dialog.rule_values.item(r).text() == "Ja")
        ja.setCheckState(Qt.CheckState.Checked)
        qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Spara

    check = run_modal(edit)
    window.edit_template_action.trigger()
    check()
    v1, v2 = _versions(window, "ekonomiskt-bistand")
    assert (v1.version, v2.version, v2.source) == (1, 2, "user")
    assert v2.title == "Ekonomiskt bistånd – dokumentation, reviderad"
    old_keys = [i["key"] for i in v1.definition["items"]]
    new_items = v2.definition["items"]
    assert [i["key"] for i in new_items] == [*old_keys, "att_beslutet_har_expedierats"]
    assert new_items[0]["guidance"] == "Helt: ansökan är daterad och undertecknad."
    assert new_items[-1]["applicable_when"] == [{"attribute": "barn_i_hushallet",
                                                 "in": ["ja"]}]
    assert v1.definition["items"][0]["guidance"] != new_items[0]["guidance"]  # untouched
    with window.db.session() as session:
        assert session.get(Review, int(old)).template_id == v1.id
    window.close()
    assert json.loads(cli.ok("results", old, "--json")) == before
    new = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Maj -23").strip()
    document = json.loads(cli.ok("results", new, "--json"))
    assert document["items"][-1]["key"] == "att_beslutet_har_expedierats"
    # The new version still compares with the old review, item by item.
    assert [p["review"]["label"] for p in document["comparison"]] == ["Nov -22", "Maj -23"]
    assert document["comparison"][0]["items"][0]["counts"]["delvis"] == 1


def test_a_new_control_is_edited_in_place_until_it_is_used(
        window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(messages, "ask_text", lambda *a: "Att genomförandeplanen är signerad")

    def create() -> None:
        dialog = modal(TemplateEditor)
        dialog.title.setText("Genomförandeplaner i LSS")
        dialog.months[3].setChecked(True)  # april
        dialog.plan["kontrollansvar"].setPlainText("Enhetschef.")
        dialog._add_item()
        dialog.accept()

    check = run_modal(create)
    window.new_template_action.trigger()
    check()
    (made,) = _versions(window, "genomforandeplaner_i_lss")
    assert made.definition["reporting_months"] == ["april"]
    assert made.definition["items"][0]["key"] == "att_genomforandeplanen_ar_signerad"
    _select_control(window, "Genomförandeplaner")

    def rename() -> None:
        dialog = modal(TemplateEditor)
        dialog.item_list.setCurrentRow(0)
        dialog.item_text.setText("Att planen är signerad av den enskilde")
        dialog.accept()

    check = run_modal(rename)
    window.edit_template_action.trigger()
    check()
    (edited,) = _versions(window, "genomforandeplaner_i_lss")  # in place: no review uses it
    assert (edited.id, edited.version) == (made.id, 1)
    item = edited.definition["items"][0]
    assert (item["key"], item["text"]) == ("att_genomforandeplanen_ar_signerad",
                                           "Att planen är signerad av den enskilde")


def test_indicators_scales_and_breakdowns_are_edited_from_lists(
        window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    _select_control(window, "Samordnad")
    answers = iter(["Tackat nej till SIP", "Ja, Nej, Ej aktuellt"])
    monkeypatch.setattr(messages, "ask_text", lambda *a: next(answers))

    def edit() -> None:
        dialog = modal(TemplateEditor)
        dialog._add_indicator()
        dialog.indicator_item.setCurrentIndex(0)
        dialog._indicator_options(set())
        for r in range(dialog.indicator_options.count()):
            if dialog.indicator_options.item(r).text() == "Tackat nej":
                dialog.indicator_options.item(r).setCheckState(Qt.CheckState.Checked)
        dialog.breakdowns["personkategori"][0].setChecked(False)
        shown_as = dialog.breakdowns["verksamhetsomrade"][1]
        shown_as.setCurrentIndex(shown_as.findData("columns"))
        dialog._add_scale()
        dialog.accept()

    check = run_modal(edit)
    window.edit_template_action.trigger()
    check()
    (sip,) = _versions(window, "sip")  # not used yet: edited in place
    data = sip.definition
    assert data["indicators"][-1] == {"key": "tackat_nej_till_sip",
                                      "label": "Tackat nej till SIP", "item": "sip_status",
                                      "options": ["tackat_nej"], "headline": False}
    assert data["breakdowns"] == [{"attribute": "verksamhetsomrade", "layout": "columns",
                                   "within": "personkategori"}]
    assert data["scales"]["ja_nej_ej_aktuellt"]["options"][2]["key"] == "ej_aktuellt"
    assert [i["key"] for i in data["indicators"][:2]] == ["erbjuden", "upprattad"]
