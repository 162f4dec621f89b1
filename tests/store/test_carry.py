from internkontroll.store.carry import _next_period


def test_next_period_follows_in_whole_months_or_days() -> None:
    assert _next_period("2021-10-01", "2022-03-31") == ("2022-04-01", "2022-09-30")
    assert _next_period("2022-04-01", "2022-09-30") == ("2022-10-01", "2023-03-31")
    assert _next_period("2022-01-01", "2022-12-31") == ("2023-01-01", "2023-12-31")
    assert _next_period("2022-11-01", "2022-11-30") == ("2022-12-01", "2022-12-31")
    assert _next_period("2022-04-10", "2022-04-19") == ("2022-04-20", "2022-04-29")
    assert _next_period(None, None) is None
