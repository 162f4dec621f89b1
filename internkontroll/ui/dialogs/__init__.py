"""The program's dialogs."""

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox


def ok_cancel(dialog: QDialog, ok_text: str, on_ok: Callable[[], None] | None = None
              ) -> QDialogButtonBox:
    """The dialog's button row: ``ok_text`` (default, Enter; "OK" when empty) and Avbryt."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text or "OK")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Avbryt")
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
