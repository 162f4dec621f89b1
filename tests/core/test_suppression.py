from internkontroll.core.suppression import Column, decide, parse_threshold


def test_threshold_setting() -> None:
    assert parse_threshold(None) is None and parse_threshold("av") is None
    assert parse_threshold("5") == 5 and parse_threshold("11") is None


def test_one_small_group_gets_a_complement_so_the_total_does_not_reveal_it() -> None:
    full = Column((12, 3, 9), (12, 3, 9))
    assert decide([12, 3, 9], [full], 5).rows == {1: "<5", 2: "x"}
    assert decide([12, 9, 9], [Column((12, 5, 9), (12, 9, 9))], 5).rows == {}
    # two small groups that the total pins (3 + 2 = 5, each at most 4, so at least 1): still
    # open; a zero-size group does not exist, so it is never a complement
    two = decide([12, 3, 2], [Column((12, 3, 2), (12, 3, 2))], 5)
    assert two.rows == {1: "<5", 2: "<5"} or two.rows.get(0) == "x"


def test_a_small_cell_in_a_shown_row_gets_a_complement() -> None:
    decision = decide([10, 10, 10], [Column((2, 8, 9), (10, 10, 10))], 5)
    assert decision.rows == {} and decision.cells == {(0, 0): "<5", (1, 0): "x"}


def test_a_single_group_cannot_be_hidden_and_is_withheld() -> None:
    assert decide([3], [Column((3,), (3,))], 5).withheld


def test_a_cell_of_columns_that_add_up_hides_its_whole_row() -> None:
    """Erbjudits = upprättad + tackat ja: with the first two shown, a hidden tackat ja is
    their difference, so its row goes (with a complement row, as for a small group)."""
    sizes = [10, 10, 10]
    columns = [Column((8, 9, 9), (10, 10, 10)), Column((6, 6, 9), (10, 10, 10)),
               Column((2, 3, 0), (10, 10, 10))]
    independent = decide(sizes, columns, 5)  # the cells alone
    assert independent.rows == {} and independent.cells == {(0, 2): "<5", (1, 2): "<5"}
    linked = decide(sizes, columns, 5, frozenset({0, 1, 2}))
    assert linked.rows == {0: "x", 1: "x"} and linked.cells == {}
