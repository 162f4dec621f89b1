"""The bad-input corpus in tests/fixtures/bad/: exit 3, a Swedish line, nothing written."""

import shutil
import tomllib
from pathlib import Path

import pytest

from tests.conftest import Cli, dump

BAD = Path(__file__).parent.parent / "fixtures" / "bad"
CASES = tomllib.loads((BAD / "cases.toml").read_text(encoding="utf-8"))


def test_every_file_in_the_corpus_has_a_case() -> None:
    files = {p.name for p in BAD.iterdir() if p.suffix not in (".py", ".toml")} - {"__pycache__"}
    assert files == set(CASES["import"]) | set(CASES["database"])


@pytest.fixture
def review(cli: Cli) -> str:
    return cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22").strip()


def _refused(cli: Cli, args: list[str | Path], message: str) -> None:
    before = dump(cli.db)
    code, out, err = cli(*args)
    assert code == 3, (out, err)
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err and len(err) < 400
    assert dump(cli.db) == before


@pytest.mark.parametrize("name", sorted(CASES["import"]))
def test_bad_file_is_refused(name: str, cli: Cli, review: str) -> None:
    _refused(cli, ["review", "import", review, BAD / name], CASES["import"][name])


def test_ten_megabyte_field_is_refused(cli: Cli, review: str, tmp_path: Path) -> None:
    path = tmp_path / "stort-falt.csv"
    path.write_text("nr;ansokan;anteckning:ansokan\n1;helt;" + "x" * 10_000_000 + "\n",
                    encoding="utf-8")
    _refused(cli, ["review", "import", review, path], "ett fält är längre än")


def test_ten_megabyte_field_in_a_population_is_refused(cli: Cli, review: str,
                                                       tmp_path: Path) -> None:
    path = tmp_path / "lista.csv"
    path.write_text("Ärendenummer;Handläggare\nA-1;" + "x" * 10_000_000 + "\n", encoding="utf-8")
    _refused(cli, ["sample", review, "--population", path, "--size", "1"],
             "ett fält är längre än")


@pytest.mark.parametrize("name", sorted(CASES["database"]))
def test_bad_database_is_refused_and_left_alone(name: str, tmp_path: Path, capsys) -> None:
    path = tmp_path / name
    shutil.copy(BAD / name, path)
    before = path.read_bytes()
    for args in (["review", "list"], ["review", "new", "sip", "--label", "X"]):
        code, _, err = Cli(path, capsys)(*args)
        assert code == 3 and CASES["database"][name] in err, err
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no -wal, -shm or backups
