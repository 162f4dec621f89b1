from datetime import date

import pytest

from internkontroll.core.personnummer import contains_personnummer

TODAY = date(2026, 11, 24)


def check_digit(nine: str) -> str:
    """Luhn check digit, written independently of the detector."""
    total = 0
    for i, ch in enumerate(nine):
        product = int(ch) * (2 - i % 2)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


def pnr(yymmdd: str, serial: str = "238") -> str:
    return yymmdd + serial + check_digit(yymmdd + serial)


@pytest.mark.parametrize("text", [
    f"Sökande {pnr('811218')[:6]}-{pnr('811218')[6:]} ringde",
    f"pnr {pnr('811218')}",
    f"19{pnr('811218')[:6]}-{pnr('811218')[6:]}",
    f"19{pnr('811218')}",
    f"{pnr('121212', '121')}",
    f"samordningsnummer {pnr('701063')}",      # day 63 → 3rd
    f"född {pnr('200229')[:6]}-{pnr('200229')[6:]}",  # 2020-02-29 exists
    f"hundraåring {pnr('200229')[:6]}+{pnr('200229')[6:]}",  # 1920 is a leap year too
])
def test_finds_personnummer(text: str) -> None:
    assert contains_personnummer(text, TODAY)


@pytest.mark.parametrize("text", [
    "",
    "Beslut 2022-04-01, belopp 12345 kr",
    "Ärendenummer 2022-1234",
    "1234567890",                         # month 34
    f"{pnr('811218')[:-1]}{(int(pnr('811218')[-1]) + 1) % 10}",  # wrong check digit
    f"{pnr('811232')}",                   # day 32 is no date
    f"{pnr('810229')}",                   # 1981-02-29 does not exist
    "Telefon 0701234567",
    f"x{pnr('811218')}1",                 # part of a longer number
])
def test_ignores_other_numbers(text: str) -> None:
    assert not contains_personnummer(text, TODAY)
