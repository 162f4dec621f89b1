import pytest

from internkontroll.ui import messages


@pytest.fixture(autouse=True)
def no_unexpected_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box nobody answers would hang the test run; one a test did not expect fails
    the test instead. Tests that expect one patch the function again themselves."""
    def unexpected(name: str):  # noqa: ANN202
        def refuse(parent: object, *args: object, **kwargs: object) -> None:
            raise AssertionError(f"unexpected message box ({name}): {args}")
        return refuse

    for name in ("ask_yes_no", "show_error", "show_info", "ask_text", "ask_choice"):
        monkeypatch.setattr(messages, name, unexpected(name))
