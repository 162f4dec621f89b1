"""The nämnd's method sentence never shows the values of a filter on a private column."""

from internkontroll.reports.method import conditions as _conditions


def test_private_filters_are_told_without_values() -> None:
    text = _conditions([
        {"field": "Handläggare", "values": ["Anna Berg", "Bo Ek", "Eva Ås"], "private": True},
        {"field": "Ärendenr", "values": ["EB-2022-00017"], "private": True},
        {"field": "Personnummer", "from": "x", "to": "y", "private": True},
        {"field": "Kön", "values": ["K"], "private": False},
    ])
    assert text == (" hos tre handläggare med villkor på ärendenr, villkor på personnummer "
                    "och kön K")


def test_records_from_before_the_flag_are_judged_by_the_column_name() -> None:
    text = _conditions([{"field": "Ansvarig handläggare", "values": ["Anna Berg"]},
                        {"field": "Ärendenummer", "values": ["EB-1"]},
                        {"field": "Namn", "values": ["Ali Dahl"]},
                        {"field": "Försörjningshinder", "values": ["Föräldraledig"]}])
    assert text == (" hos en handläggare med villkor på ärendenummer, villkor på namn och "
                    "försörjningshinder Föräldraledig")
    for private in ("Anna Berg", "EB-1", "Ali Dahl"):
        assert private not in text
