"""Drawing samples: allocation over strata and the reproducible algorithm ``ik-sample-1``.

Only ``random.Random(seed).random()`` is used, because ``sample``, ``shuffle`` and ``randrange``
are not guaranteed to give the same results across Python versions. Every frame member gets, in
frame order, one key from ``random()``; a stratum takes its k smallest keys; draw order is
ascending key; reserves are the next keys. Changing any of this changes the algorithm's id.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

from internkontroll.core.errors import InvalidInput
from internkontroll.core.formatting import count_text

ALGORITHM = "ik-sample-1"


class Member(NamedTuple):
    """One case in the frame: its reference and the values of spread and balance fields."""

    reference: str
    spread: str = ""
    balance: str = ""


@dataclass
class Draw:
    """The result: drawn and reserve references in draw order, and the allocation per stratum."""

    drawn: list[Member]
    reserves: list[Member]
    strata: list[dict[str, object]] = field(default_factory=list)


def largest_remainder(total: int, weights: dict[str, int], capacity: dict[str, int]
                      ) -> dict[str, int]:
    """Split ``total`` in proportion to ``weights`` by largest remainder, never above capacity.

    Ties go to the key that sorts first. What a full stratum cannot take is split again over the
    others by the same rule.
    """
    result = dict.fromkeys(weights, 0)
    left = total
    while left > 0:
        open_keys = sorted(k for k in weights if result[k] < capacity[k] and weights[k] > 0)
        if not open_keys:
            break
        weight_sum = sum(weights[k] for k in open_keys)
        quotas = {k: Fraction(left * weights[k], weight_sum) for k in open_keys}
        share = {k: min(int(quotas[k]), capacity[k] - result[k]) for k in open_keys}
        rest = left - sum(share.values())
        by_remainder = sorted(open_keys, key=lambda k: (-(quotas[k] - int(quotas[k])), k))
        for k in by_remainder:
            if rest == 0:
                break
            if result[k] + share[k] < capacity[k]:
                share[k] += 1
                rest -= 1
        for k in open_keys:
            result[k] += share[k]
        given = left - rest
        left = rest
        if given == 0:
            break
    return result


def balance_allocation(total: int, sizes: dict[str, int]) -> dict[str, int]:
    """Equal shares; an odd case to the largest group; a small group's shortfall to the others."""
    result = dict.fromkeys(sizes, 0)
    left = total
    while left > 0:
        open_keys = [k for k in sizes if result[k] < sizes[k]]
        if not open_keys:
            break
        each, odd = divmod(left, len(open_keys))
        largest_first = sorted(open_keys, key=lambda k: (-(sizes[k] - result[k]), k))
        for rank, k in enumerate(largest_first):
            want = each + (1 if rank < odd else 0)
            got = min(want, sizes[k] - result[k])
            result[k] += got
            left -= got
    return result


def _spread_allocation(size: int, sizes: dict[str, int], rng_keys: dict[str, float]
                       ) -> dict[str, int]:
    if size < len(sizes):
        chosen = sorted(sizes, key=lambda k: (rng_keys[k], k))[:size]
        return {k: (1 if k in chosen else 0) for k in sizes}
    base = dict.fromkeys(sizes, 1)
    extra = largest_remainder(size - len(sizes), sizes, {k: sizes[k] - 1 for k in sizes})
    return {k: base[k] + extra[k] for k in sizes}


def _allocate(size: int, member_cells: Sequence[tuple[str, str]], spread: bool,
              balance: bool, stratum_keys: dict[str, float]) -> dict[tuple[str, str], int]:
    """Cases per (spread value, balance value)."""
    cells: dict[tuple[str, str], int] = {}
    for cell in member_cells:
        cells[cell] = cells.get(cell, 0) + 1
    by_spread: dict[str, int] = {}
    for (s, _), n in cells.items():
        by_spread[s] = by_spread.get(s, 0) + n
    per_spread = _spread_allocation(size, by_spread, stratum_keys) if spread else {"": size}
    allocation: dict[tuple[str, str], int] = {}
    for s, n in per_spread.items():
        groups = {b: count for (s2, b), count in cells.items() if s2 == s}
        split = balance_allocation(n, groups) if balance else {"": n}
        for b, k in split.items():
            allocation[(s, b)] = k
    return allocation


def draw(frame: Sequence[Member], size: int | None, seed: int, *, spread: bool = False,
         balance: bool = False, reserves: int = 0) -> Draw:
    """Draw ``size`` members (``None``: census) and ``reserves`` more from ``frame``.

    ``frame`` must be sorted by reference; this function checks it, since the order is part of
    the algorithm.
    """
    references = [m.reference for m in frame]
    if references != sorted(references) or len(set(references)) != len(references):
        raise ValueError("the frame must be sorted by unique reference")
    if not frame:
        raise InvalidInput("Urvalsramen är tom: inga ärenden uppfyller villkoren.")
    if size is None:
        size = len(frame)
    if size < 1:
        raise InvalidInput("Urvalets storlek måste vara minst 1.")
    if size + reserves > len(frame):
        raise InvalidInput(f"Urvalet ({count_text(size, 'ärende', 'ärenden')} och "
                           f"{count_text(reserves, 'reserv', 'reserver')}) är större än ramen "
                           f"({count_text(len(frame), 'ärende', 'ärenden')}). Välj färre "
                           "ärenden, eller samtliga "
                           "(totalundersökning).")
    rng = random.Random(seed)
    keys = [rng.random() for _ in frame]
    spread_values = sorted({m.spread for m in frame})
    stratum_keys = {value: rng.random() for value in spread_values}
    order = sorted(range(len(frame)), key=keys.__getitem__)
    cells = [(m.spread if spread else "", m.balance if balance else "") for m in frame]

    allocation = _allocate(size, cells, spread, balance, stratum_keys)
    taken = _take(cells, order, allocation, set())
    reserve_taken: set[int] = set()
    reserve_allocation: dict[tuple[str, str], int] = {}
    if reserves:
        remaining = [c for i, c in enumerate(cells) if i not in taken]
        reserve_allocation = _allocate(reserves, remaining, spread, balance, stratum_keys)
        reserve_taken = _take(cells, order, reserve_allocation, taken)
    strata = _strata_record(cells, allocation, reserve_allocation)
    return Draw([frame[i] for i in order if i in taken],
                [frame[i] for i in order if i in reserve_taken], strata)


def _take(cells: Sequence[tuple[str, str]], order: list[int],
          allocation: dict[tuple[str, str], int], exclude: set[int]) -> set[int]:
    """Walk the members by ascending key and take what each cell was allocated."""
    wanted = {cell: n for cell, n in allocation.items() if n}
    left = sum(wanted.values())
    taken: set[int] = set()
    for i in order:
        if not left:
            break
        if i in exclude:
            continue
        cell = cells[i]
        if wanted.get(cell, 0) > 0:
            wanted[cell] -= 1
            left -= 1
            taken.add(i)
    return taken


def _strata_record(cells: Sequence[tuple[str, str]], allocation: dict[tuple[str, str], int],
                   reserve_allocation: dict[tuple[str, str], int]) -> list[dict[str, object]]:
    sizes: dict[tuple[str, str], int] = {}
    for cell in cells:
        sizes[cell] = sizes.get(cell, 0) + 1
    return [{"spread": s, "balance": b, "frame": sizes[(s, b)],
             "drawn": allocation.get((s, b), 0), "reserves": reserve_allocation.get((s, b), 0)}
            for s, b in sorted(sizes)]


def number_frame(count: int) -> list[Member]:
    """The frame of a number draw: the numbers 1…N, sorted by reference like any frame."""
    if count < 1:
        raise InvalidInput("--from-range behöver ett antal från 1.")
    return sorted((Member(f"rad {n}") for n in range(1, count + 1)), key=lambda m: m.reference)


def next_reserve(stratum: Sequence[str], reserves: Sequence[tuple[int, Sequence[str]]]
                 ) -> tuple[int, bool] | None:
    """The reserve that replaces a case of ``stratum``: ``(löpnummer, same stratum)``.

    ``reserves`` are the unused reserves as (löpnummer, stratum). The first one of the same
    stratum in draw order is taken; when the stratum has none left (12 handläggare and 3
    reserves), the first one of another stratum, which the caller must say. ``None`` when no
    reserve is left at all.
    """
    ordered = sorted(reserves, key=lambda reserve: reserve[0])
    wanted = list(stratum)
    same = next((number for number, group in ordered if list(group) == wanted), None)
    if same is not None:
        return same, True
    return (ordered[0][0], False) if ordered else None
