"""The bad-input corpus in tests/fixtures/bad/: exit 3, a Swedish line, nothing written."""

import os
import random
import shutil
import sqlite3
import tomllib
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from internkontroll.core import limits
from tests.conftest import Cli, dump, write_csv
from tests.fixtures.bad import make_bad
from tests.fixtures.bad.checks import (
    numbers_in,
    problems,
    side_files,
    state,
    states_limit,
    summary,
)
from tests.fixtures.bad.isolated import Worker
from tests.importers.population_data import population_rows, write_population_csv

pytestmark = pytest.mark.sqlite_only  # about the database file itself

BAD = Path(__file__).parent.parent / "fixtures" / "bad"
CASES = tomllib.loads((BAD / "cases.toml").read_text(encoding="utf-8"))


def test_every_file_in_the_corpus_has_a_case() -> None:
    files = {p.name for p in BAD.iterdir() if p.suffix != ".py"} - {"__pycache__", "cases.toml"}
    committed = {name for name, case in CASES["hostile"].items() if "make" not in case}
    assert files == set(CASES["import"]) | set(CASES["database"]) | committed
    assert all((BAD / name).stat().st_size < 50_000 for name in committed)


def _content(path: Path) -> list[tuple[str, list[Any]]]:
    """Every table's rows, with text as bytes so that invalid UTF-8 can be compared too."""
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    conn.text_factory = bytes
    try:
        names = [r[0].decode() for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return [(n, conn.execute(f'SELECT * FROM "{n}"').fetchall()) for n in names]
    finally:
        conn.close()


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


# Issue 12: hostile files. Each case in cases.toml [hostile] and each test below names the point
# of the issue it stands for; a failure says which input gave which outcome.

HOSTILE = CASES["hostile"]


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    running = Worker()
    yield running
    running.close()


def _hostile_file(name: str, folder: Path) -> Path:
    case = HOSTILE[name]
    if "make" not in case:
        return BAD / name
    arguments = dict(case.get("arguments", {}))
    for key, value in arguments.items():
        if isinstance(value, str) and value.startswith("MAX_"):
            limit, _, extra = value.partition("+")
            arguments[key] = getattr(limits, limit.strip()) + int(extra or 0)
    return getattr(make_bad, case["make"])(folder / name, **arguments)


def _command(run: str, review: str, path: Path, folder: Path) -> list[str]:
    if run in ("sample", "worklist"):
        extra = ["--worklist", str(folder / "arbetslista.xlsx"), "--worklist-columns",
                 ",".join(make_bad.FORMULA_HEADERS)] if run == "worklist" else []
        return ["sample", review, "--population", str(path), "--size", "2", "--seed", "1",
                *extra]
    if run == "import":
        return ["review", "import", review, str(path)]
    if run == "counts":
        return ["review", "counts", "ekonomiskt-bistand", "--label", "Nov -21", "--date",
                "2021-11-18", str(path)]
    assert run == "texts", run
    return ["review", "texts", review, "--from", str(path)]


def _check(what: str, code: int | None, err: str, expected: int, *, died: str | None = None,
           says: Sequence[str] = (), limit_names: Sequence[str] = (),
           exists: bool = False) -> None:
    """One outcome against what the issue promises, with the input named in every failure."""
    found = [died] if died else problems(code, err, frozenset({expected}))
    found += [f"the message does not say {word!r}" for word in says if word not in err]
    if limit_names and code != 0 and not any(
            states_limit(err, getattr(limits, name)) for name in limit_names):
        found.append(f"the message does not state the limit ({' or '.join(limit_names)} = "
                     f"{' or '.join(str(getattr(limits, n)) for n in limit_names)})")
    if exists and "finns inte" in err:  # point 6: a directory or FIFO "finns inte"
        found.append("the message says 'finns inte' of something that exists")
    assert not found, f"{what}: {'; '.join(found)}; stderr: {summary(err)}"


@pytest.mark.parametrize("name", [  # the bomb takes seconds
    pytest.param(name, marks=pytest.mark.slow) if name == "zipbomb.xlsx" else name
    for name in sorted(HOSTILE)])
def test_hostile_file(name: str, cli: Cli, review: str, tmp_path: Path, worker: Worker) -> None:
    case = HOSTILE[name]
    folder = tmp_path / "in"
    folder.mkdir()
    path = _hostile_file(name, folder)
    args = [*_command(case["run"], review, path, folder), *case.get("args", [])]
    files, before = side_files(cli.db), state(cli.db)
    if case.get("isolated"):
        outcome = worker.run(["--db", str(cli.db), *args])
        code, err, died = outcome.code, outcome.err, outcome.died
    else:
        code, _, err = cli(*args)
        died = None
    what = f"point {case['point']}: {name} given to {case['run']}"
    _check(what, code, err, case["exit"], died=died, says=case.get("says", ()),
           limit_names=case.get("limits", ()))
    if case["exit"] != 0:
        assert state(cli.db) == before, f"{what}: the database changed"
        assert side_files(cli.db) == files, f"{what}: files left beside the database"
    if case["run"] == "worklist":
        _assert_no_formulas(folder / "arbetslista.xlsx", what)


def _assert_no_formulas(workbook: Path, what: str) -> None:
    """Point 3: every header and cell of the work list is a string, never a formula or a link."""
    with zipfile.ZipFile(workbook) as archive:
        names = archive.namelist()
        sheets = [archive.read(n).decode() for n in names if n.startswith("xl/worksheets/")
                  and n.endswith(".xml")]
        strings = archive.read("xl/sharedStrings.xml").decode() if \
            "xl/sharedStrings.xml" in names else ""
    assert sheets, f"{what}: no sheet in the work list"
    for sheet in sheets:
        assert "<f>" not in sheet and "<f " not in sheet, f"{what}: a formula in the work list"
        assert "<hyperlink" not in sheet, f"{what}: a hyperlink in the work list"
    assert not [n for n in names if "worksheets/_rels" in n], f"{what}: links in the work list"
    for header in make_bad.FORMULA_HEADERS:
        assert escape(header) in strings, f"{what}: header {header!r} is not a string cell"


# Point 4: a number filter of NaN or infinity is an input error, not "oväntat fel".
@pytest.mark.parametrize("between", ["Belopp=NaN..200", "Belopp=nan..200", "Belopp=1..NaN",
                                     "Belopp=sNaN..1", "Belopp=NaN..NaN"])
def test_nan_filter(between: str, cli: Cli, review: str, tmp_path: Path) -> None:
    path = write_population_csv(tmp_path / "lista.csv", population_rows(30))
    before = dump(cli.db)
    code, _, err = cli("sample", review, "--population", path, "--size", "2",
                       "--between", between)
    _check(f"point 4: --between {between}", code, err, 3)
    assert dump(cli.db) == before


# Point 5 (hangs) and point 6 ("finns inte" of a FIFO): only regular files are read.
@pytest.mark.parametrize("run", ["texts", "sample", "import", "counts"])
def test_fifo_as_input(run: str, cli: Cli, review: str, tmp_path: Path, worker: Worker) -> None:
    fifo = tmp_path / ("ror.toml" if run == "texts" else "ror.csv")
    os.mkfifo(fifo)
    before = dump(cli.db)
    outcome = worker.run(["--db", str(cli.db), *_command(run, review, fifo, tmp_path)],
                         timeout=20)
    _check(f"point 5: a FIFO given to {run}", outcome.code, outcome.err, 3, died=outcome.died,
           exists=True)
    assert dump(cli.db) == before


def test_fifo_as_database(tmp_path: Path, worker: Worker) -> None:
    fifo = tmp_path / "ror.sqlite"
    os.mkfifo(fifo)
    for args in (["review", "list"], ["review", "new", "sip", "--label", "X"]):
        outcome = worker.run(["--db", str(fifo), *args], timeout=20)
        _check(f"point 5: a FIFO as --db for {args[:2]}", outcome.code, outcome.err, 3,
               died=outcome.died, exists=True)


# Point 4: /dev/zero as the texts file is read until memory runs out.
@pytest.mark.parametrize("source", ["/dev/zero", "nollor.toml"])
def test_dev_zero_as_texts(source: str, cli: Cli, review: str, tmp_path: Path,
                           worker: Worker) -> None:
    path = Path(source)
    if not path.is_absolute():  # a symlink with the right suffix, so the suffix check passes
        path = tmp_path / source
        path.symlink_to("/dev/zero")
    before = dump(cli.db)
    outcome = worker.run(["--db", str(cli.db), "review", "texts", review, "--from", str(path)])
    _check(f"point 4: {source} given to texts", outcome.code, outcome.err, 3,
           died=outcome.died)
    assert dump(cli.db) == before


@pytest.mark.parametrize("run", ["texts", "sample", "import", "counts"])
def test_directory_as_input(run: str, cli: Cli, review: str, tmp_path: Path) -> None:
    """Points 4 and 6: a directory is refused as what it is, not as "finns inte"."""
    folder = tmp_path / ("mapp.toml" if run == "texts" else "mapp.csv")
    folder.mkdir()
    before = dump(cli.db)
    code, _, err = cli(*_command(run, review, folder, tmp_path))
    _check(f"point 4: a directory given to {run}", code, err, 3, exists=True)
    assert dump(cli.db) == before


def test_symlink_loop_as_input(cli: Cli, review: str, tmp_path: Path) -> None:
    """Point 6: the OS's "Too many levels of symbolic links" is said in Swedish."""
    (tmp_path / "a.csv").symlink_to(tmp_path / "b.csv")
    (tmp_path / "b.csv").symlink_to(tmp_path / "a.csv")
    code, _, err = cli("sample", review, "--population", tmp_path / "a.csv", "--size", "1")
    _check("point 6: a symlink loop given to sample", code, err, 3, exists=True)


def test_file_name_over_255_bytes(cli: Cli, review: str, tmp_path: Path) -> None:
    """Point 4: a name the OS cannot hold (ENAMETOOLONG), cut in the message."""
    for run in ("sample", "import", "texts"):
        path = tmp_path / ("å" * 150 + (".toml" if run == "texts" else ".csv"))
        code, _, err = cli(*_command(run, review, path, tmp_path))
        _check(f"point 4: a 300-byte file name given to {run}", code, err, 3)


def test_worklist_path_is_a_directory(cli: Cli, review: str, tmp_path: Path) -> None:
    """Point 4: the draw is not stored when the work list cannot be written."""
    path = write_population_csv(tmp_path / "lista.csv", population_rows(30))
    (tmp_path / "lista.xlsx").mkdir()
    before = dump(cli.db)
    code, _, err = cli("sample", review, "--population", path, "--size", "2",
                       "--worklist", tmp_path / "lista.xlsx")
    _check("point 4: --worklist is a directory", code, err, 3)
    assert dump(cli.db) == before


def test_dangling_symlink_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Point 4: a --db symlink to nothing is refused, and nothing is made at its target."""
    link = tmp_path / "internkontroll.sqlite"
    link.symlink_to(tmp_path / "borta" / "mal.sqlite")
    for args in (["review", "new", "sip", "--label", "X"], ["templates"], ["review", "list"]):
        code, _, err = Cli(link, capsys)(*args)
        _check(f"point 4: a dangling symlink as --db for {args[:2]}", code, err, 3)
        assert not (tmp_path / "borta").exists() and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == [link.name]


@pytest.mark.parametrize(("table", "column", "value"), [
    ("review", "label", b"\xff\xfe trasig"),
    ("template", "definition", "{inte json"),
    ("review_case", "attributes", "[1, 2"),
    ("review_case", "reference", b"A-\xc3"),
])
def test_database_with_unreadable_values(table: str, column: str, value: bytes | str, cli: Cli,
                                         review: str, tmp_path: Path) -> None:
    """Point 4: invalid UTF-8 or JSON in a text column passes quick_check; a command that reads
    it says so in Swedish with exit 3 (one that does not read it may succeed)."""
    cli.ok("review", "import", review, write_csv(tmp_path / "b.csv", [["nr", "ansokan"],
                                                                      ["1", "helt"]]))
    make_bad.make_bad_value_database(cli.db, table, column, value)
    for args in (["review", "list"], ["review", "cases", review], ["results", review, "--json"],
                 ["review", "new", "sip", "--label", "Ny"]):
        before = _content(cli.db)
        code, _, err = cli(*args)
        found = problems(code, err, frozenset({0, 3}))
        assert not found, (f"point 4: {value!r} in {table}.{column}, {args[:2]}: "
                           f"{'; '.join(found)}; stderr: {summary(err)}")
        if code != 0 or args[1] != "new":  # only the write command may change it
            assert _content(cli.db) == before, f"point 4: {args[:2]} changed the database"


def test_another_program_holds_a_lock(cli: Cli, review: str) -> None:
    """Point 8: an SQLite lock held by another program is exit 5, "används", not exit 3."""
    other = sqlite3.connect(cli.db, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        before = dump(cli.db)
        code, _, err = cli("review", "new", "sip", "--label", "Apr -24")
        _check("point 8: another program holds a lock", code, err, 5, says=["används"])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert dump(cli.db) == before


def test_stray_journal_beside_the_database(cli: Cli, review: str) -> None:
    """Point 8: a stray -journal does not make read commands fail with English, nor do they
    change the database or leave files (exit 0, or 3 with a Swedish line)."""
    journal = cli.db.with_name(cli.db.name + "-journal")
    before = dump(cli.db)
    journal.write_bytes(random.Random(12).randbytes(4096))
    files = side_files(cli.db)
    for args in (["review", "list"], ["review", "cases", review], ["results", review, "--json"]):
        code, _, err = cli(*args)
        found = problems(code, err, frozenset({0, 3}))
        assert not found, (f"point 8: a stray -journal, {args[:2]}: {'; '.join(found)}; "
                           f"stderr: {summary(err)}")
    assert set(side_files(cli.db)) <= set(files)  # the stray journal may be cleaned up
    journal.unlink(missing_ok=True)  # a stray one is garbage, so the content is the same without
    assert dump(cli.db) == before


def test_read_commands_leave_no_files(cli: Cli, review: str) -> None:
    """Point 8: a read command, failed or not, leaves no -wal/-shm and makes no backup."""
    files = side_files(cli.db)
    for args, expected in ((["review", "list"], 0), (["review", "cases", "999"], 3),
                           (["results", "999", "--json"], 3)):
        code, _, err = cli(*args)
        _check(f"point 8: {args[:2]}", code, err, expected)
        assert side_files(cli.db) == files, f"point 8: {args[:2]} left files"


def test_readme_states_every_input_bound() -> None:
    """Issue 12 acceptance: the README's section on files lists every bound in core/limits.py,
    so a bound that changes without the README fails here."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    title = "## Filer som programmet läser"
    assert title in readme, f"the README has no section {title!r}"
    section = readme.split(title, 1)[1].split("\n## ", 1)[0]
    bounds = {name: value for name, value in vars(limits).items()
              if name.startswith("MAX_") and isinstance(value, int)}
    assert len(bounds) >= 10
    stated = numbers_in(section)
    missing = {name: value for name, value in bounds.items() if value not in stated}
    assert not missing, f"the README's section on files does not state {missing}"
