"""An error nobody foresaw: the GUI says it in Swedish and leaves the details to the log."""

from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from internkontroll.app import _unexpected
from internkontroll.ui import messages


def test_the_dialog_names_the_log_but_not_the_errors_own_words(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, text, *a: shown.append(text))
    window = QWidget()
    qtbot.addWidget(window)
    error = KeyError("Anna Berg 811218-9876 in column handläggare")
    _unexpected(window, KeyError, error, None)
    assert len(shown) == 1
    assert "Något oväntat gick fel" in shown[0] and "fel.log" in shown[0]
    assert "Anna" not in shown[0] and "811218" not in shown[0] and "column" not in shown[0]
