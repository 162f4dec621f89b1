from internkontroll.core.suppression import hidden_cells, parse_threshold


def test_threshold_setting() -> None:
    assert parse_threshold(None) is None and parse_threshold("av") is None
    assert parse_threshold("5") == 5 and parse_threshold("11") is None


def test_one_small_count_gets_a_complement_so_the_total_does_not_reveal_it() -> None:
    assert hidden_cells([12, 3, 9], 5) == {1: "<5", 2: "x"}
    assert hidden_cells([12, 3, 2], 5) == {1: "<5", 2: "<5"}  # two hidden: neither alone
    assert hidden_cells([12, 0, 9], 5) == {}  # a zero is shown
    assert hidden_cells([12, 3, 0], 5) == {1: "<5", 0: "x"}
    assert hidden_cells([12, 9], 5, already_hidden=1) == {1: "x"}  # one hidden row elsewhere
    assert hidden_cells([12, 9], 5, already_hidden=2) == {}
    assert hidden_cells([3], 5) == {0: "<5"}  # nothing to complement with


def test_every_single_hidden_value_cannot_be_worked_out_from_the_total() -> None:
    import itertools

    for values in itertools.product(range(0, 8), repeat=3):
        marks = hidden_cells(list(values), 5)
        hidden = [i for i in range(3) if i in marks]
        assert len(hidden) != 1 or sum(1 for v in values if v > 0) == 1
        assert all(0 < values[i] < 5 for i, m in marks.items() if m == "<5")
