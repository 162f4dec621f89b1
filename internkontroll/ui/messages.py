"""Every message box of the program, so tests can patch this one module."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QMessageBox, QWidget

OK = "OK"  # Swedish writes OK; Qt's Swedish translation says "Ok"


class ButtonTexts(QTranslator):
    """Corrects Qt's Swedish button texts for every standard button of the program
    (QMessageBox and QDialogButtonBox take them from the context QPlatformTheme)."""

    TEXTS = {("QPlatformTheme", "OK"): OK}

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        return self.TEXTS.get((context, source))  # None: the next translator (qtbase_sv)


def install_button_texts(app: QCoreApplication) -> None:
    """After qtbase_sv: the translator installed last is asked first."""
    app.installTranslator(ButtonTexts(app))


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str,
                text: str) -> QMessageBox:
    """A box with one OK button, spelled OK whatever the translation says."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText(OK)
    return box


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def error_text(error: BaseException) -> str:
    """What the user is told about ``error``: ours as it is, the OS's and SQLite's in Swedish
    (never the library's English), anything else as unexpected, with its details in the log."""
    from internkontroll.errortext import explain

    known = explain(error)
    if known is not None:
        return str(known)
    from internkontroll.errorlog import write_log

    log = write_log(type(error), error, error.__traceback__)
    return f"Något oväntat gick fel. Allt som redan sparats finns kvar. Detaljer finns i {log}."


def show_error(parent: QWidget | None, text: str | BaseException,
               title: str = "Något gick fel") -> None:
    message_box(parent, QMessageBox.Icon.Warning, title,
                text if isinstance(text, str) else error_text(text)).exec()


def show_info(parent: QWidget | None, text: str, title: str = "Internkontroll") -> None:
    message_box(parent, QMessageBox.Icon.Information, title, text).exec()


def ask_text(parent: QWidget | None, title: str, label: str, choices: list[str]) -> str:
    """A reason picked from ``choices`` or typed; empty when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getItem(parent, title, label, choices, 0, True)
    return text.strip() if ok else ""


def ask_password(parent: QWidget | None, text: str) -> str:
    """A password typed unseen; empty when cancelled. It is kept nowhere but in the address
    the program connects with."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    typed, ok = QInputDialog.getText(parent, "Lösenord", text, QLineEdit.EchoMode.Password)
    return typed if ok else ""


def ask_choice(parent: QWidget | None, title: str, text: str, choices: list[str]) -> int:
    """The index of the chosen button; -1 when the box was closed."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    buttons = [box.addButton(choice, QMessageBox.ButtonRole.ActionRole) for choice in choices]
    box.exec()
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else -1
