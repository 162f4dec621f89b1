"""Fuzz: mutated CSV, XLSX, TOML and database files through the command line (issue 12, SPEC § 7.2).

Valid files are mutated (byte flips, truncation, re-encoding, BOMs, NUL bytes, huge and far
cells, deep nesting, odd line endings) and given to ``sample --population``, ``review import``,
``review counts``, ``review texts --from`` and, for a mutated database, ``review list`` and the
commands that read a review. Every outcome must be exit 0 or 3/4/5 with one Swedish line of at
most 300 characters and no personnummer, and a failed command must leave the database as it was.

CSV, TOML and database cases run in-process through ``internkontroll.cli.main``. Every XLSX case
runs in a worker process (tests/fixtures/bad/isolated.py) that calls the same ``main``: the XLSX
reader can abort the whole process (a far cell makes it allocate 549 GB), which in-process would
kill pytest. A pre-check in the test would have to foresee every way a workbook can do that.

The quick tests run a few examples each, the same ones every time; ``-m long`` runs many more.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from internkontroll.cli import main
from internkontroll.core.limits import MAX_CELL
from tests.cli.helpers import worked_example_rows, write_xlsx
from tests.fixtures.bad import make_bad
from tests.fixtures.bad.checks import problems, side_files, state, summary
from tests.fixtures.bad.isolated import Worker
from tests.importers.population_data import (
    population_rows,
    write_population_csv,
    write_population_xlsx,
)

pytestmark = pytest.mark.sqlite_only  # about the database file itself

QUICK = settings(max_examples=4, deadline=None, derandomize=True, database=None,
                 suppress_health_check=list(HealthCheck),
                 phases=(Phase.explicit, Phase.generate))  # no shrinking: the case is named
SLOW = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))

PNR = make_bad.PNR
REVIEW = "1"
TEXTS = ('sammanfattning = "Granskningen visar att dokumentationen i stort är god."\n'
         'analys = "Barnperspektivet saknas i flera ärenden."\n'
         "[kommentar]\n"
         'ansokan = "Ansökan var komplett i samtliga ärenden."\n'
         'beslut = """Besluten var\nmotiverade."""\n')
COUNTS = [["kontrollmoment", "helt", "delvis", "saknas"], ["ansokan", "5", "3", "2"],
          ["beslut", "7", "1", "0"]]


# -- the files and databases the mutations start from ------------------------------------------

def _quiet_main(args: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(args)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory, _migrated_db: Path) -> dict[str, Path]:
    """Valid files and databases: every one is accepted as it is (see test_every_seed_is_valid)."""
    folder = tmp_path_factory.mktemp("seeds")
    rows = population_rows(12)
    base = folder / "base.sqlite"  # one fresh review to sample, import and write texts into
    shutil.copy(_migrated_db, base)
    assert _quiet_main(["--db", str(base), "review", "new", "ekonomiskt-bistand",
                        "--label", "Nov -22"]) == 0
    found = {
        "base.sqlite": base,
        "population.csv": write_population_csv(folder / "population.csv", rows),
        "population.xlsx": write_population_xlsx(folder / "population.xlsx", rows),
        "import.csv": _csv(folder / "import.csv", worked_example_rows()),
        "import.xlsx": write_xlsx(folder / "import.xlsx", worked_example_rows()),
        "counts.csv": _csv(folder / "counts.csv", COUNTS),
        "counts.xlsx": write_xlsx(folder / "counts.xlsx", COUNTS),
        "texts.toml": folder / "texts.toml",
    }
    found["texts.toml"].write_text(TEXTS, encoding="utf-8")
    rich = folder / "rich.sqlite"  # a database with a sampled review, assessments and texts
    shutil.copy(base, rich)
    for args in (["sample", REVIEW, "--population", str(found["population.csv"]), "--size",
                  "4", "--reserves", "1", "--seed", "3"],
                 ["review", "new", "ekonomiskt-bistand", "--label", "Aug -21"],
                 ["review", "import", "2", str(found["import.csv"])],
                 ["review", "texts", "2", "--from", str(found["texts.toml"])],
                 ["review", "counts", "ekonomiskt-bistand", "--label", "Nov -20", "--date",
                  "2020-11-19", str(found["counts.csv"])]):
        assert _quiet_main(["--db", str(rich), *args]) == 0, args
    for side in folder.iterdir():  # the fixture's own lock and backups are not the cases'
        if side.name.startswith("rich.sqlite.") or side.name == "backups":
            shutil.rmtree(side) if side.is_dir() else side.unlink()
    found["rich.sqlite"] = rich
    return found


def _csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


# -- mutations ---------------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "utf-32",
             "latin-1"]
LINE_ENDINGS = ["\r", "\r\r\n", "\r\n", "\n\r", "\x85", "\u2028", "\r\n\n", ""]
INSERTS = [b"\x00", b"\x00" * 64, b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\r", b"\r\r\n",
           b'"', b";", b"\t", b"\xff", b"\xc3", b"\x1a", PNR.encode()]
BIG_LENGTHS = [MAX_CELL - 1, MAX_CELL, MAX_CELL + 1, 1_000_000]
FORMULAS = ['=HYPERLINK("http://example.com")', "+1+1", "-1", "@A1", "\tflik", "\rvagn",
            "http://example.com", "=cmd|' /C calc'!A0"]


class Mutated:
    """A mutated file's bytes and the steps that made it, for the failure message."""

    def __init__(self, data: bytes, steps: list[str] | None = None) -> None:
        self.data = data
        self.steps = steps or []

    def named(self) -> str:
        return " → ".join(self.steps) or "unchanged"

    def __repr__(self) -> str:  # hypothesis prints the drawn value; not megabytes of it
        return f"Mutated({len(self.data)} bytes: {self.named()})"


def _byte_step(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "repeat"]))
    size = max(len(data), 1)
    at = draw(st.one_of(st.integers(0, min(size - 1, 99)), st.integers(0, size - 1)))
    if kind == "flip":
        mask = draw(st.integers(1, 255))
        if not data:
            return data, "flip (empty)"
        return data[:at] + bytes([data[at] ^ mask]) + data[at + 1:], f"flip byte {at} ^ {mask:#x}"
    if kind == "truncate":
        return data[:at], f"truncate at {at}"
    if kind == "insert":
        chunk = draw(st.one_of(st.sampled_from(INSERTS), st.binary(min_size=1, max_size=16)))
        return data[:at] + chunk + data[at:], f"insert {chunk[:20]!r} at {at}"
    length = draw(st.integers(1, 64))
    if kind == "delete":
        return data[:at] + data[at + length:], f"delete {length} bytes at {at}"
    times = draw(st.integers(2, 2000))
    return data[:at] + data[at:at + length] * times + data[at + length:], \
        f"repeat bytes {at}..{at + length} × {times}"


def _text_step(draw: st.DrawFn, text: str, nesting: bool) -> tuple[str, str]:
    kinds = ["line endings", "huge cell", "personnummer", "quote", "formula", "control"]
    kind = draw(st.sampled_from(kinds + (["nesting"] if nesting else [])))
    at = draw(st.integers(0, len(text)))
    if kind == "line endings":
        ending = draw(st.sampled_from(LINE_ENDINGS))
        return text.replace("\r\n", "\n").replace("\n", ending), f"line endings → {ending!r}"
    if kind == "huge cell":
        length = draw(st.sampled_from(BIG_LENGTHS))
        char = draw(st.sampled_from("xåÖ€\u00a0"))
        return text[:at] + char * length + text[at:], f"{length} × {char!r} at {at}"
    if kind == "personnummer":
        return text[:at] + PNR + text[at:], f"personnummer at {at}"
    if kind == "quote":
        return text[:at] + '"' + text[at:], f"an opening quote at {at}"
    if kind == "formula":
        formula = draw(st.sampled_from(FORMULAS))
        return text[:at] + formula + text[at:], f"{formula!r} at {at}"
    if kind == "control":
        char = draw(st.sampled_from("\x00\x01\x07\x0b\x1b\x7f\ufeff\u202e\ud800"))
        return text[:at] + char + text[at:], f"{char!r} at {at}"
    depth = draw(st.sampled_from([3, 4, 5, 6, 50, 2000]))
    shape = draw(st.sampled_from(["array", "inline table", "table header"]))
    if shape == "array":
        nested = "x = " + "[" * depth + "]" * depth
    elif shape == "inline table":
        nested = "x = " + "{a = " * depth + "1" + "}" * depth
    else:
        nested = "[" + ".".join(["kommentar"] * depth) + "]\nx = 'y'"
    return text + "\n" + nested + "\n", f"{shape} nested {depth} deep"


@st.composite
def mutated_text_file(draw: st.DrawFn, seed: Path, encoding: str, nesting: bool) -> Mutated:
    """1–3 steps on the text (then encoded, perhaps differently) and on the bytes."""
    text = seed.read_bytes().decode(encoding)
    steps = []
    for _ in range(draw(st.integers(0, 2))):
        text, step = _text_step(draw, text, nesting)
        steps.append(step)
    target = draw(st.sampled_from([encoding] * 3 + ENCODINGS))
    data = text.encode(target, errors="replace" if target != "utf-8" else "surrogatepass")
    if target != encoding:
        steps.append(f"encoded as {target}")
    for _ in range(draw(st.integers(0 if steps else 1, 2))):
        data, step = _byte_step(draw, data)
        steps.append(step)
    return Mutated(data, steps)


FAR_CELLS = ["XFD1048576", "XFD1", "A1048576", "ALL5", "ALM5", "GR200000", "A1048577", "XFE1"]
DIMENSIONS = ["A1:GR200000", "A1:XFD1048576", "A1:B2", "A1:ZZZZ9999999", "B3:A1", "nonsens"]


@st.composite
def mutated_workbook(draw: st.DrawFn, original: Path, rows: list[list[str]], folder: Path
                     ) -> Mutated:
    """Byte steps on a workbook Excel-like tools write (shared strings, styles), or a workbook
    with far or huge cells, a lying dimension or padding, and then perhaps byte steps."""
    if draw(st.booleans()):
        data, steps = original.read_bytes(), []
        for _ in range(draw(st.integers(1, 3))):
            data, step = _byte_step(draw, data)
            steps.append(step)
        return Mutated(data, steps)
    rows = [list(r) for r in rows]
    steps = []
    extra: list[tuple[str, str]] = []
    dimension = None
    padding = 0
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(["far cell", "dimension", "huge cell", "cell text",
                                     "padding"]))
        if kind == "far cell":
            extra.append((draw(st.sampled_from(FAR_CELLS)), "x"))
            steps.append(f"a cell at {extra[-1][0]}")
        elif kind == "dimension":
            dimension = draw(st.sampled_from(DIMENSIONS))
            steps.append(f"declared dimension {dimension}")
        elif kind == "padding":
            padding = draw(st.sampled_from([1 << 20, 16 << 20]))
            steps.append(f"{padding} bytes of white space in the sheet")
        else:
            r = draw(st.integers(0, len(rows) - 1))
            c = draw(st.integers(0, len(rows[r]) - 1))
            if kind == "huge cell":
                length = draw(st.sampled_from(BIG_LENGTHS))
                rows[r][c] = "z" * length
                steps.append(f"cell ({r}, {c}) is {length} characters")
            else:
                value = draw(st.sampled_from([PNR, "\x00", "\r", "\r\r\n", "a\x0bb", *FORMULAS]))
                rows[r][c] = value
                steps.append(f"cell ({r}, {c}) is {value!r}")
    path = make_bad.write_minimal_xlsx(folder / "bok.xlsx", rows, extra, dimension, padding)
    data = path.read_bytes()
    for _ in range(draw(st.integers(0, 1))):
        data, step = _byte_step(draw, data)
        steps.append(step)
    return Mutated(data, steps)


# -- running a case and checking its outcome ----------------------------------------------------

@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    running = Worker()
    yield running
    running.close()


@contextlib.contextmanager
def _case_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="ik-fuzz-") as name:
        yield Path(name)


Runner = Callable[[list[str]], tuple[int | None, str, str | None]]


def _in_process(capsys: pytest.CaptureFixture[str]) -> Runner:
    def run(args: list[str]) -> tuple[int | None, str, str | None]:
        capsys.readouterr()
        code = main(args)
        return code, capsys.readouterr().err, None
    return run


def _isolated(worker: Worker) -> Runner:
    def run(args: list[str]) -> tuple[int | None, str, str | None]:
        outcome = worker.run(args, timeout=60)
        return outcome.code, outcome.err, outcome.died
    return run


def _check_command(run: Runner, db: Path, args: list[str], what: str, *,
                   must_accept: bool = False, files: str = "any") -> int | None:
    """Run one command on ``db`` and hold its outcome to SPEC § 8 and § 7.2.

    ``files`` says what may appear beside the database: "any" (a valid database given a bad
    input file: its daily backup and lock are by design), "none" (a read command: issue 12
    point 8), "none on failure" (a writing command on a damaged database: a refused database gets
    no backup), or "lock and backup" (a writing command on a readable database with an odd
    value: on failure it may have been backed up and locked before the value was met).
    """
    before, beside = state(db), side_files(db)
    code, err, died = run(["--db", str(db), *args])
    found = [died] if died else problems(code, err)
    if must_accept and code != 0:
        found.append("refused, but the SPEC says this file is read")
    if not died and code != 0 and state(db) != before:
        found.append("the database changed although the command failed")
    new = sorted(set(side_files(db)) - set(beside))
    if files == "lock and backup":
        new = [n for n in new if n not in ("backups", db.name + ".lock")]
    if files != "none" and code == 0:
        new = []
    if not died and files != "any" and new:
        found.append(f"files left beside the database: {new}")
    assert not found, f"{what}: {'; '.join(found)}; stderr: {summary(err)}"
    return code


def _worklist_has_no_formulas(path: Path, what: str) -> None:
    """Point 3: what the work list holds is strings, never formulas or links."""
    if not path.exists():
        return
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            content = archive.read(name).decode(errors="replace")
            assert "<f>" not in content and "<f " not in content and "<hyperlink" not in content, \
                f"{what}: a formula or link in {name} of the work list"


# -- the properties -----------------------------------------------------------------------------

def _population_args(path: Path, folder: Path, worklist: bool) -> list[str]:
    extra = ["--worklist", str(folder / "lista.xlsx")] if worklist else []
    return ["sample", REVIEW, "--population", str(path), "--size", "3", "--seed", "1", *extra]


def _run_file(run: Runner, seeds: dict[str, Path], kind: str, name: str, mutated: Mutated,
              worklist: bool = False, must_accept: bool = False) -> None:
    with _case_folder() as folder:
        db = folder / "internkontroll.sqlite"
        shutil.copy(seeds["base.sqlite"], db)
        path = folder / name
        path.write_bytes(mutated.data)
        if kind == "population":
            args = _population_args(path, folder, worklist)
        elif kind == "import":
            args = ["review", "import", REVIEW, str(path)]
        elif kind == "counts":
            args = ["review", "counts", "ekonomiskt-bistand", "--label", "Nov -21", "--date",
                    "2021-11-18", str(path)]
        else:
            args = ["review", "texts", REVIEW, "--from", str(path)]
        what = f"{kind} {name} [{mutated.named()}] given to {' '.join(args[:2])}"
        code = _check_command(run, db, args, what, must_accept=must_accept)
        if code == 0 and worklist:
            _worklist_has_no_formulas(folder / "lista.xlsx", what)
        elif worklist:  # SPEC § 8: nothing is written when a command fails
            assert not (folder / "lista.xlsx").exists(), f"{what}: a work list was left"


def _csv_case(kind: str, seed: str) -> Callable[..., None]:
    def case(seeds: dict[str, Path], capsys: pytest.CaptureFixture[str],
             data: st.DataObject) -> None:
        encoding = "cp1252" if kind == "population" else "utf-8"
        mutated = data.draw(mutated_text_file(seeds[seed], encoding, nesting=False),
                            label="file")
        worklist = kind == "population" and data.draw(st.booleans(), label="worklist")
        _run_file(_in_process(capsys), seeds, kind, f"{kind}.csv", mutated, worklist)
    return case


def _xlsx_case(kind: str, seed: str) -> Callable[..., None]:
    def case(seeds: dict[str, Path], worker: Worker, data: st.DataObject) -> None:
        rows = _seed_rows(kind)
        with _case_folder() as scratch:
            mutated = data.draw(mutated_workbook(seeds[seed], rows, scratch),
                                label="workbook")
        worklist = kind == "population" and data.draw(st.booleans(), label="worklist")
        _run_file(_isolated(worker), seeds, kind, f"{kind}.xlsx", mutated, worklist)
    return case


def _seed_rows(kind: str) -> list[list[str]]:
    if kind == "population":
        from tests.importers.population_data import HEADERS

        return [["Utsökning: beslut om ekonomiskt bistånd"], HEADERS, *population_rows(12)]
    return worked_example_rows() if kind == "import" else COUNTS


def _texts_case(seeds: dict[str, Path], capsys: pytest.CaptureFixture[str],
                data: st.DataObject) -> None:
    mutated = data.draw(mutated_text_file(seeds["texts.toml"], "utf-8", nesting=True),
                        label="file")
    _run_file(_in_process(capsys), seeds, "texts", "texter.toml", mutated)


def _both(body: Callable[..., None]) -> tuple[Callable[..., None], Callable[..., None]]:
    """The same property as a quick test and as a long one."""
    quick = QUICK(given(data=st.data())(body))
    slow = SLOW(given(data=st.data())(body))
    return quick, pytest.mark.long(slow)  # for uv run pytest -m long


test_population_csv, test_population_csv_long = _both(_csv_case("population", "population.csv"))
test_import_csv, test_import_csv_long = _both(_csv_case("import", "import.csv"))
test_counts_csv, test_counts_csv_long = _both(_csv_case("counts", "counts.csv"))
test_texts_toml, test_texts_toml_long = _both(_texts_case)
test_population_xlsx, test_population_xlsx_long = _both(_xlsx_case("population",
                                                                   "population.xlsx"))
test_import_xlsx, test_import_xlsx_long = _both(_xlsx_case("import", "import.xlsx"))
test_counts_xlsx, test_counts_xlsx_long = _both(_xlsx_case("counts", "counts.xlsx"))


# What SPEC § 6.1 and issue 12 point 7 promise to read: these re-encodings must be accepted.
ACCEPTED = {"population.csv": ("cp1252", ["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
            "import.csv": ("utf-8", ["utf-8-sig", "utf-16", "cp1252"]),
            "counts.csv": ("utf-8", ["utf-8-sig", "utf-16", "cp1252"]),
            "texts.toml": ("utf-8", ["utf-8-sig"])}
KIND = {"population.csv": "population", "import.csv": "import", "counts.csv": "counts",
        "texts.toml": "texts"}


@pytest.mark.parametrize("seed", sorted(ACCEPTED))
@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_accepted_encodings_and_line_endings(seed: str, ending: str, seeds: dict[str, Path],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    source, targets = ACCEPTED[seed]
    text = seeds[seed].read_bytes().decode(source).replace("\r\n", "\n").replace("\n", ending)
    for target in targets:
        mutated = Mutated(text.encode(target), [f"encoded as {target}",
                                                f"line endings {ending!r}"])
        _run_file(_in_process(capsys), seeds, KIND[seed], seed, mutated, must_accept=True)


def test_every_seed_is_valid(seeds: dict[str, Path], capsys: pytest.CaptureFixture[str],
                             worker: Worker) -> None:
    """The mutations start from files the app accepts, so a refusal is the mutation's doing."""
    for name, kind in [*KIND.items(), ("population.xlsx", "population"),
                       ("import.xlsx", "import"), ("counts.xlsx", "counts")]:
        run = _isolated(worker) if name.endswith(".xlsx") else _in_process(capsys)
        _run_file(run, seeds, kind, name, Mutated(seeds[name].read_bytes()), must_accept=True)
    with _case_folder() as folder:  # the minimal workbook writer makes workbooks the app reads
        path = make_bad.write_minimal_xlsx(folder / "p.xlsx", _seed_rows("population"))
        _run_file(_isolated(worker), seeds, "population", "p.xlsx", Mutated(path.read_bytes()),
                  worklist=True, must_accept=True)


# -- mutated databases --------------------------------------------------------------------------

DB_COMMANDS = [(["review", "list"], True), (["review", "cases", "2"], True),
               (["results", "2", "--json"], True), (["review", "list", "--json"], True),
               (["review", "new", "sip", "--label", "Fuzz"], False)]
BAD_VALUES: list[bytes | str | int | None] = [b"\xff\xfe\x00", "{inte json", "[1, 2", "",
                                              None, -1, 2**62, "x" * 200_000, PNR]


class Columns(list[tuple[str, str]]):
    """Every (table, column) of the schema; short in hypothesis's report of a failing case."""

    def __repr__(self) -> str:
        return f"<{len(self)} columns>"


@pytest.fixture(scope="module")
def columns(seeds: dict[str, Path]) -> Columns:
    conn = sqlite3.connect(seeds["rich.sqlite"])
    try:
        tables = [t for (t,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return Columns((t, c[1]) for t in tables
                       for c in conn.execute(f"PRAGMA table_info('{t}')"))
    finally:
        conn.close()


@st.composite
def mutated_database(draw: st.DrawFn, seed: Path, columns: list[tuple[str, str]]
                     ) -> tuple[Mutated, tuple[str, str, object] | None]:
    """Byte steps on the file, or one value set to what its column cannot hold."""
    data = seed.read_bytes()
    if draw(st.booleans()):
        steps = []
        for _ in range(draw(st.integers(1, 4))):
            kind = draw(st.sampled_from(["bytes", "zero page"]))
            if kind == "bytes" or len(data) < 4096:
                data, step = _byte_step(draw, data)
            else:
                page = draw(st.integers(0, len(data) // 4096 - 1))
                data = data[:page * 4096] + bytes(4096) + data[(page + 1) * 4096:]
                step = f"page {page + 1} zeroed"
            steps.append(step)
        return Mutated(data, steps), None
    table, column = draw(st.sampled_from(columns))
    value = draw(st.sampled_from(BAD_VALUES))
    return Mutated(data, [f"{table}.{column} = {value!r:.40}"]), (table, column, value)


def _database_case(seeds: dict[str, Path], columns: list[tuple[str, str]],
                   capsys: pytest.CaptureFixture[str], data: st.DataObject) -> None:
    mutated, update = data.draw(mutated_database(seeds["rich.sqlite"], columns),
                                label="database")
    args, read_only = data.draw(st.sampled_from(DB_COMMANDS), label="command")
    files = "none" if read_only else "none on failure" if update is None else "lock and backup"
    note(f"database: {mutated.named()}")
    with _case_folder() as folder:
        db = folder / "internkontroll.sqlite"
        db.write_bytes(mutated.data)
        if update is not None:
            table, column, value = update
            conn = sqlite3.connect(db)
            try:
                with contextlib.suppress(sqlite3.IntegrityError):  # NOT NULL, unique keys
                    conn.execute(f'UPDATE "{table}" SET "{column}" = ?', (value,))
                    conn.commit()
            finally:  # closing the last connection removes its -wal and -shm
                conn.close()
        what = f"database [{mutated.named()}] with {' '.join(args)}"
        _check_command(_in_process(capsys), db, args, what, files=files)


test_database, test_database_long = _both(_database_case)
