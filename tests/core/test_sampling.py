import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from internkontroll.core.errors import InvalidInput
from internkontroll.core.sampling import (
    Member,
    balance_allocation,
    draw,
    largest_remainder,
    number_frame,
)


def frame(sizes: dict[str, int], genders: str = "KM") -> list[Member]:
    members = [Member(f"{s}-{i:03d}", s, genders[i % len(genders)])
               for s, n in sizes.items() for i in range(n)]
    return sorted(members, key=lambda m: m.reference)


def test_largest_remainder_ties_go_to_the_first_value() -> None:
    assert largest_remainder(1, {"b": 5, "a": 5}, {"a": 5, "b": 5}) == {"a": 1, "b": 0}
    assert largest_remainder(10, {"a": 6, "b": 3, "c": 1}, {"a": 9, "b": 9, "c": 9}) == {
        "a": 6, "b": 3, "c": 1}


def test_largest_remainder_respects_capacity() -> None:
    assert largest_remainder(6, {"a": 10, "b": 1}, {"a": 10, "b": 0}) == {"a": 6, "b": 0}


@given(st.dictionaries(st.sampled_from("abcdefghij"), st.integers(1, 30), min_size=1),
       st.integers(0, 400), st.integers(0, 2**31))
def test_spread_allocation_rules(sizes: dict[str, int], size: int, seed: int) -> None:
    members = frame(sizes)
    size = min(size, len(members)) or 1
    result = draw(members, size, seed, spread=True)
    drawn: dict[str, int] = {}
    for m in result.drawn:
        drawn[m.spread] = drawn.get(m.spread, 0) + 1
    assert len(result.drawn) == size
    if size >= len(sizes):
        assert set(drawn) == set(sizes)       # every stratum gets at least one
    else:
        assert len(drawn) == size and set(drawn.values()) == {1}
    assert all(drawn.get(s, 0) <= n for s, n in sizes.items())


def test_spread_is_proportional_after_one_each() -> None:
    result = draw(frame({"a": 60, "b": 30, "c": 10}), 23, 1, spread=True)
    counts = {s: sum(1 for m in result.drawn if m.spread == s) for s in "abc"}
    # one each, then 20 split 60:30:10 → 12, 6, 2
    assert counts == {"a": 13, "b": 7, "c": 3}
    assert [s["drawn"] for s in result.strata] == [13, 7, 3]


@pytest.mark.parametrize(("total", "sizes", "expected"), [
    (20, {"K": 50, "M": 40}, {"K": 10, "M": 10}),
    (21, {"K": 50, "M": 40}, {"K": 11, "M": 10}),   # the odd case to the largest group
    (20, {"K": 50, "M": 4}, {"K": 16, "M": 4}),     # shortfall moves to the other group
    (9, {"K": 5, "M": 5, "X": 1}, {"K": 4, "M": 4, "X": 1}),
])
def test_balance_allocation(total: int, sizes: dict[str, int], expected: dict[str, int]) -> None:
    assert balance_allocation(total, sizes) == expected


def test_spread_and_balance_balances_inside_each_stratum() -> None:
    result = draw(frame({"Enhet A": 40, "Enhet B": 40, "Enhet C": 20}), 30, 5, spread=True,
                  balance=True)
    for stratum in ("Enhet A", "Enhet B", "Enhet C"):
        genders = [m.balance for m in result.drawn if m.spread == stratum]
        assert abs(genders.count("K") - genders.count("M")) <= 1


def test_same_seed_same_draw_and_reserves_follow() -> None:
    members = frame({"a": 30, "b": 30})
    first = draw(members, 10, 99, spread=True, reserves=4)
    again = draw(members, 10, 99, spread=True, reserves=4)
    assert first.drawn == again.drawn and first.reserves == again.reserves
    assert not set(first.drawn) & set(first.reserves)
    assert draw(members, 10, 100).drawn != draw(members, 10, 99).drawn


def test_draw_order_is_by_key_and_frame_order_is_checked() -> None:
    members = frame({"a": 20})
    rng = random.Random(3)
    keys = {m.reference: rng.random() for m in members}
    result = draw(members, 5, 3)
    assert [m.reference for m in result.drawn] == sorted(keys, key=keys.get)[:5]
    with pytest.raises(ValueError):
        draw(list(reversed(members)), 5, 3)


def test_census_and_bad_sizes() -> None:
    members = frame({"a": 7})
    assert len(draw(members, None, 1).drawn) == 7
    with pytest.raises(InvalidInput, match="större än ramen"):
        draw(members, 8, 1)
    with pytest.raises(InvalidInput, match="minst 1"):
        draw(members, 0, 1)
    with pytest.raises(InvalidInput, match="tom"):
        draw([], 1, 1)


def test_number_frame() -> None:
    result = draw(number_frame(120), 10, 8)
    numbers = [int(m.reference.removeprefix("rad ")) for m in result.drawn]
    assert len(set(numbers)) == 10 and all(1 <= n <= 120 for n in numbers)


def test_next_reserve_prefers_the_same_group_then_the_first_of_another() -> None:
    from internkontroll.core.sampling import next_reserve

    reserves = [(14, ["Bo Ek", ""]), (13, ["Anna Berg", ""]), (15, ["Anna Berg", ""])]
    assert next_reserve(["Anna Berg", ""], reserves) == (13, True)
    assert next_reserve(["Cecilia Lind", ""], reserves) == (13, False)  # first in draw order
    assert next_reserve(["Cecilia Lind", ""], []) is None
