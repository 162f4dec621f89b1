"""Buttons say "OK", not "Ok" (Qt's Swedish translation), in message boxes and dialogs."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from internkontroll.app import _install_translations
from internkontroll.ui import messages
from internkontroll.ui.dialogs import ok_cancel


@pytest.fixture
def swedish(qapp: QApplication) -> Iterator[QApplication]:
    """The translations the program installs at start, removed again after the test."""
    before = set(qapp.findChildren(QTranslator))
    _install_translations(qapp)
    yield qapp
    for translator in set(qapp.findChildren(QTranslator)) - before:
        qapp.removeTranslator(translator)
        translator.deleteLater()


def texts(buttons: QDialogButtonBox | QMessageBox) -> list[str]:
    return sorted(b.text() for b in buttons.buttons())


def test_standard_buttons_say_ok_in_capitals(swedish: QApplication) -> None:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Close)
    assert texts(box) == ["Avbryt", "OK", "Stäng"]  # qtbase_sv alone says "Ok"
    plain = QMessageBox(QMessageBox.Icon.Warning, "Fel", "Text", QMessageBox.StandardButton.Ok)
    assert texts(plain) == ["OK"]


def test_message_boxes_and_dialog_rows_say_ok(swedish: QApplication) -> None:
    box = messages.message_box(None, QMessageBox.Icon.Information, "Internkontroll", "Klart.")
    assert texts(box) == ["OK"]
    dialog = QDialog()
    assert texts(ok_cancel(dialog, "")) == ["Avbryt", "OK"]
    assert texts(ok_cancel(dialog, "Dra urvalet")) == ["Avbryt", "Dra urvalet"]


def test_without_the_program_translations_the_box_still_says_ok(qapp: QApplication) -> None:
    box = messages.message_box(None, QMessageBox.Icon.Warning, "Fel", "Text")
    assert texts(box) == ["OK"]
