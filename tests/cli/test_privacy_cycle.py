"""Issue 11, acceptance: the whole cycle on the privacy corpus, then a scan of everything written.

The cycle runs through the command line in-process: refusals of every planted template, texts,
lock, filter and assessment field; sample with a work list; import; texts; the nämnd report as
PDF and DOCX; the XLSX export; the internal documents; redovisad i nämnd; gallring. Backups are
taken on three "days" into two successive backup folders. Then every channel is scanned for every
planted identifier (see tests/fixtures/privacy/scan.py):

- the database file (raw bytes and SQL dump), its WAL and the files beside it;
- every backup folder the app has written to;
- every nämnd document (PDF text, raw bytes, metadata, objects; every DOCX/XLSX part);
- the internal documents (after gallring also), the audit log (command and table), the error
  log folder and everything the commands printed.

Personnummer and names may appear only in the work list. Case references, notes and handläggare
names may also be in the database, its backups, the log and the internal documents until
gallring; after gallring only handläggare names (the kept sampling method: filters and strata)
may remain. The test collects every leak and every bad refusal and fails once, listing each by
channel, identifier and form.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import tomllib
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from internkontroll.store import backups
from tests.conftest import Cli, dump
from tests.fixtures.privacy.make_privacy import (
    CASEWORKER,
    NAME,
    NOTE,
    PNR,
    REFERENCE,
    Corpus,
    Planted,
    assessment_rows,
    build,
    write_assessments,
)
from tests.fixtures.privacy.scan import (
    ALL_KINDS,
    Scanner,
    document_text,
    pdftotext,
    sqlite_dump,
    sqlite_rows,
)

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out

NEVER = (PNR, NAME)  # only the work list may hold these
AFTER_PURGE = (PNR, NAME, REFERENCE, NOTE)


class _Days:
    """Moves the backups' clock forward, so the next writable open takes the day's backup."""

    offset = timedelta()


class _ShiftedDatetime(datetime):
    @classmethod
    def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
        return datetime.now(tz) + _Days.offset


@dataclass
class Cycle:
    cli: Cli
    corpus: Corpus
    root: Path
    scanner: Scanner
    problems: list[str] = field(default_factory=list)
    printed: list[tuple[str, str]] = field(default_factory=list)  # (command, output)
    nämnd: list[Path] = field(default_factory=list)
    internal: list[Path] = field(default_factory=list)
    internal_after: list[Path] = field(default_factory=list)
    worklists: list[Path] = field(default_factory=list)

    @property
    def out(self) -> Path:
        return self.root / "ut"

    def run(self, *args: str | Path) -> tuple[int, str, str]:
        code, out, err = self.cli(*args)
        self.printed.append((" ".join(map(str, args[:2])), out + err))
        return code, out, err

    def ok(self, *args: str | Path) -> str:
        code, out, err = self.run(*args)
        assert code == 0, f"step {' '.join(map(str, args))!r} failed ({code}): {err}"
        return out

    def refused(self, what: str, *args: str | Path, undo: tuple[str, ...] = ()) -> None:
        """The command must exit 3 with one line that repeats no personnummer, writing nothing.

        ``undo`` is run when the command was accepted after all, so the cycle can go on."""
        before = dump(self.cli.db)
        code, _, err = self.run(*args)
        if code == 0 and undo:
            self.run(*undo)
        if code != 3:
            self.problems.append(f"refusal: {what}: exit {code}, not 3 "
                                 f"({err.strip()[:200]!r})")
        if self.scanner.text("avvisningsmeddelanden", what, err, (PNR,)):
            self.problems.append(f"refusal: {what}: the message repeats the personnummer: "
                                 f"{err.strip()[:200]!r}")
        if "Traceback" in err or len(err.strip().splitlines()) > 1:
            self.problems.append(f"refusal: {what}: not one line: {err[:200]!r}")
        if code == 3 and dump(self.cli.db) != before:
            self.problems.append(f"refusal: {what}: the database changed")

    def accepted_or_refused(self, what: str, *args: str | Path) -> None:
        """Either stored without the identifier (the scan checks) or refused cleanly."""
        code, _, err = self.run(*args)
        if code not in (0, 3):
            self.problems.append(f"{what}: exit {code} ({err.strip()[:200]!r})")
        elif code == 3 and self.scanner.text("avvisningsmeddelanden", what, err, (PNR,)):
            self.problems.append(f"{what}: the refusal repeats the personnummer: "
                                 f"{err.strip()[:200]!r}")

    def new_review(self, label: str, date: str) -> str:
        return self.ok("review", "new", "ekonomiskt-bistand", "--label", label, "--date",
                       date).strip()


def _environment(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """Every per-user folder (error log, data, cache) inside the test's folder."""
    for name in ("HOME", "USERPROFILE", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                 "XDG_CONFIG_HOME", "LOCALAPPDATA", "APPDATA"):
        path = home / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(path))
    # If backups.py stops using datetime.now, the sanity check on kopior-a says so.
    monkeypatch.setattr(backups, "datetime", _ShiftedDatetime, raising=False)
    _Days.offset = timedelta()


def _refuse_templates(cycle: Cycle) -> None:
    """Each template file with a planted personnummer is refused when saved (the editor's path),
    with exit code 3 and a message without the number, and nothing is stored."""
    from internkontroll.core.errors import InternkontrollError
    from internkontroll.store.db import open_database
    from internkontroll.store.templates import save_template

    for what, path in cycle.corpus.bad_templates.items():
        before = dump(cycle.cli.db)
        db = open_database(cycle.cli.db, write=True)
        try:
            with db.session() as session:
                save_template(session, tomllib.loads(path.read_text(encoding="utf-8")), None)
        except InternkontrollError as error:
            if error.exit_code != 3:
                cycle.problems.append(f"template {what}: exit {error.exit_code}, not 3")
            if cycle.scanner.text("avvisningsmeddelanden", f"mall {what}", str(error), (PNR,)):
                cycle.problems.append(f"template {what}: the message repeats the number")
        else:
            cycle.problems.append(f"template {what}: saved, not refused")
        finally:
            db.close()
        if dump(cycle.cli.db) != before and not any(
                p.startswith(f"template {what}: saved") for p in cycle.problems):
            cycle.problems.append(f"template {what}: the database changed")


def _side_files(cycle: Cycle) -> None:
    """Identifiers in metadata: a sheet name, a header, a reference column of numbers, a filter
    on the name column. Each may be refused or stored without the identifier."""
    side = cycle.corpus.side_populations
    name_row = cycle.corpus.xlsx_population.rows[3]  # type: ignore[union-attr]
    variants = {
        "bladnamn med personnummer (--sheet)": [
            "--population", side["bladnamn"].path, "--sheet", side["bladnamn"].sheet or ""],
        "kolumnrubrik med personnummer (--map)": [
            "--population", side["rubrik"].path, "--map", "kon=Kön"],
        "ärendekolumn med personnummer som tal": [
            "--population", side["referens-tal"].path],
        "--where på namnkolumnen": [
            "--population", cycle.corpus.xlsx_population.path,  # type: ignore[union-attr]
            "--where", f"Namn={name_row[2].replace(',', chr(92) + ',')}"],
    }
    for n, (what, args) in enumerate(variants.items(), start=1):
        review = cycle.new_review(f"Sido {n}", "2026-01-15")
        cycle.accepted_or_refused(what, "sample", review, *args, "--size", "all", "--seed", "3")


def _sample_and_import(cycle: Cycle, review: str, kind: str) -> None:
    corpus = cycle.corpus
    if kind == "xlsx":
        population = corpus.xlsx_population
        assert population is not None
        worker_filter = ",".join(population.caseworkers_kept)
        args = ["--population", population.path, "--size", "all",
                "--where", f"Handläggare={worker_filter}"]
    else:
        population = corpus.csv_population
        assert population is not None
        references = ",".join(population.references[:24])
        args = ["--population", population.path, "--size", "8", "--reserves", "2",
                "--spread", "Handläggare", "--where", f"Ärendenr={references}"]
    for what, where in corpus.bad_filters.items():  # each on its own review: it may be drawn
        other = cycle.new_review(f"Villkor {what} ({kind})", "2026-01-15")
        cycle.refused(f"sample --where {what}", "sample", other, *args, "--where", where,
                      "--seed", "5")
    worklist = cycle.out / f"arbetslista-{kind}.xlsx"
    cycle.ok("sample", review, *args, "--seed", "5", "--worklist", worklist)
    cycle.worklists.append(worklist)
    if kind == "xlsx":
        for what, path in corpus.bad_assessments.items():
            cycle.refused(f"review import {what}", "review", "import", review, path)
    cases = json.loads(cycle.ok("review", "cases", review, "--json"))
    rows = assessment_rows(cases, corpus, kind.upper())
    file_person = corpus.person(datetime(1991, 11, 11).date(),
                                f"bedömningsfilens namn ({kind})")
    suffix = ".csv" if kind == "xlsx" else ".xlsx"  # the other format than the population
    path = write_assessments(corpus.folder / f"svar {file_person.dashed}{suffix}", rows)
    cycle.ok("review", "import", review, path)


def _documents(cycle: Cycle, review: str, stage: str, internal: list[Path]) -> None:
    for suffix in (".pdf", ".docx"):
        path = cycle.out / f"redovisning-{review}-{stage}{suffix}"
        cycle.ok("report", review, "--out", path)
        cycle.nämnd.append(path)
    path = cycle.out / f"export-{review}-{stage}.xlsx"
    cycle.ok("export", review, "--out", path)
    cycle.nämnd.append(path)
    # After gallring the review is counts only, and --by is an input error (SPEC § 8).
    for by in ((), ("--by", "kon")) if stage != "efter-gallring" else ((),):
        cycle.scanner.text("resultat (results --json)", f"results {review} {' '.join(by)} "
                           f"({stage})", cycle.ok("results", review, *by, "--json"), ALL_KINDS)
    for kind in ("urvalsprotokoll", "avvikelser"):
        path = cycle.out / f"{kind}-{review}-{stage}.pdf"
        code, _, err = cycle.run("report", review, "--internal", kind, "--out", path)
        if code == 0:
            internal.append(path)
        elif stage != "efter-gallring" or code != 3:
            cycle.problems.append(f"internal document {kind} {stage}: exit {code} ({err!r})")


def _lock(cycle: Cycle, review: str) -> None:
    for what, (by, paragraph) in cycle.corpus.bad_lock_fields.items():
        cycle.refused(f"review lock {what}", "review", "lock", review, "--by", by,
                      "--paragraph", paragraph,
                      undo=("review", "unlock", review, "--reason", "Provlåsning"))
    cycle.ok("review", "lock", review, "--by", "Anna Berg", "--paragraph", "SN 2026-11-17 § 156")
    path = cycle.out / f"redovisning-{review}-redovisad.pdf"
    cycle.ok("review", "pdf", review, "--out", path)
    cycle.nämnd.append(path)


def _scan_storage(cycle: Cycle, stage: str, forbidden: tuple[str, ...]) -> None:
    """The database, its WAL and side files, every backup folder and the log, at one stage."""
    scanner, db = cycle.scanner, cycle.cli.db
    scanner.database("databasfil", db, forbidden, f"{db.name} ({stage})")
    for side in sorted(db.parent.iterdir()):
        if side.is_file() and side != db and side.name.startswith(db.name):
            channel = "WAL-fil" if side.name.endswith("-wal") else "filer bredvid databasen"
            scanner.raw_file(channel, side, forbidden, f"{side.name} ({stage})")
    for folder in (db.parent / "backups", cycle.root / "kopior-a", cycle.root / "kopior-b"):
        scanner.folder(f"säkerhetskopior ({stage})", folder, forbidden)
    scanner.text("ändringslogg (tabellen)", f"audit_log ({stage})", sqlite_rows(db, "audit_log"),
                 forbidden)
    scanner.text("ändringslogg (log-kommandot)", f"log ({stage})", cycle.ok("log"), forbidden)


def _sanity(cycle: Cycle, reviews: list[str]) -> None:
    """The scan sees what is meant to be there: otherwise zero hits would prove nothing."""
    scanner = cycle.scanner
    stored = sqlite_dump(cycle.cli.db)
    for kind in (REFERENCE, NOTE, CASEWORKER):
        if not scanner.present(stored, kind):
            cycle.problems.append(f"sanity: no {kind} found in the database before gallring")
    for worklist in cycle.worklists:
        with zipfile.ZipFile(worklist) as archive:
            text = "\n".join(archive.read(i).decode("utf-8", "replace")
                             for i in archive.infolist())
        for kind in (PNR, NAME):
            if not scanner.present(text, kind):
                cycle.problems.append(f"sanity: the work list {worklist.name} has no {kind}")
    for folder in ("kopior-a", "kopior-b"):
        if not any((cycle.root / folder).glob("*.sqlite")):
            cycle.problems.append(f"sanity: the app wrote no backup to {folder}; the scan of "
                                  "an earlier backup folder proves nothing")
    for path in cycle.nämnd:  # the good texts are there, so the scan reads the words
        if path.suffix != ".xlsx" and "dokumentationen i huvudsak" not in " ".join(
                document_text(path).split()):
            cycle.problems.append(f"sanity: the scan does not read the text of {path.name}")
    deviations = [p for p in cycle.internal if p.name.startswith("avvikelser")]
    if not any(scanner.present(pdftotext(p), NOTE) for p in deviations):
        cycle.problems.append("sanity: the avvikelselista shows none of the notes")


def run_cycle(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full: bool) -> Cycle:
    corpus = build(tmp_path / "in")
    cycle = Cycle(cli, corpus, tmp_path, Scanner(corpus.planted))
    _environment(monkeypatch, tmp_path / "hem")
    for folder in ("ut", "kopior-a", "kopior-b"):
        (tmp_path / folder).mkdir()
    # Held open so the WAL is not removed between commands and can be scanned.
    keep_wal = sqlite3.connect(cli.db)
    keep_wal.execute("SELECT count(*) FROM review").fetchall()
    try:
        cycle.ok("settings", "--set", "kommun=Provkommun", "--set",
                 f"backup_folder={tmp_path / 'kopior-a'}")
        _refuse_templates(cycle)
        reviews = {"xlsx": cycle.new_review("Maj -26", "2026-05-20")}
        if full:
            reviews["csv"] = cycle.new_review("Nov -26", "2026-11-20")
        _side_files(cycle)
        for kind, review in reviews.items():
            _sample_and_import(cycle, review, kind)
        # Day 2: the day's backup goes to both folders; then the second folder changes.
        _Days.offset = timedelta(days=1)
        cycle.ok("settings", "--set", "namnd=Socialnämnden")
        cycle.ok("settings", "--set", f"backup_folder={tmp_path / 'kopior-b'}")
        _Days.offset = timedelta(days=2)
        # The day's backup is taken by a write that succeeds, not by the first refusal below,
        # so that a refusal can be checked for writing nothing.
        cycle.ok("settings", "--set", "forvaltning=Socialförvaltningen")
        first = next(iter(reviews.values()))
        for what, path in corpus.bad_texts.items():
            cycle.refused(f"review texts {what}", "review", "texts", first, "--from", path)
        for review in reviews.values():
            cycle.ok("review", "texts", review, "--from", corpus.good_texts or "")
            _documents(cycle, review, "pagaende", cycle.internal)
            _lock(cycle, review)
        _sanity(cycle, list(reviews.values()))
        _scan_storage(cycle, "före gallring", NEVER)
        for review in reviews.values():
            cycle.ok("purge", review, "--ja")
        for review in reviews.values():
            _documents(cycle, review, "efter-gallring", cycle.internal_after)
        _scan_storage(cycle, "efter gallring", AFTER_PURGE)
    finally:
        keep_wal.close()
    _scan_documents(cycle)
    _file_modes(cycle)
    return cycle


def _scan_documents(cycle: Cycle) -> None:
    scanner = cycle.scanner
    for path in cycle.nämnd:
        scanner.document("nämnddokument", path, ALL_KINDS)
    for path in cycle.internal:
        scanner.document("interna dokument (före gallring)", path, NEVER)
    for path in cycle.internal_after:
        scanner.document("interna dokument (efter gallring)", path, AFTER_PURGE)
    scanner.folder("fellogg och användarmappar", cycle.root / "hem", ALL_KINDS)
    for command, output in cycle.printed:
        scanner.text("kommandoutskrifter", command, output, NEVER)


def _file_modes(cycle: Cycle) -> None:
    """SPEC § 3.4 and issue 11 point 10: what holds case data is readable only by the user."""
    if os.name != "posix":
        return
    db = cycle.cli.db
    private = [db, *cycle.worklists, *cycle.internal, *cycle.internal_after]
    private += [p for folder in (db.parent / "backups", cycle.root / "kopior-a",
                                 cycle.root / "kopior-b") for p in folder.glob("*")]
    private += [p for p in (cycle.root / "hem").rglob("*") if p.is_file()]  # the error log
    for path in private:
        mode = stat.S_IMODE(path.stat().st_mode)
        if path.exists() and mode & 0o077:
            cycle.problems.append(f"file mode: {path.relative_to(cycle.root)} is {mode:o}, "
                                  "not 600")


def _check(cycle: Cycle) -> None:
    print(cycle.scanner.summary())
    report = "\n".join([*(f"- {p}" for p in cycle.problems), cycle.scanner.report()])
    assert not cycle.problems and not cycle.scanner.hits, report


@pytest.mark.sqlite_only
def test_privacy_cycle_xlsx(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick variant: the XLSX population, every refusal, every channel."""
    _check(run_cycle(cli, tmp_path, monkeypatch, full=False))


@pytest.mark.long
def test_privacy_cycle_xlsx_and_csv(cli: Cli, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Adds a second review from the CSV population: spread over handläggare, a filter on
    case references, reserves, an XLSX assessment file."""
    _check(run_cycle(cli, tmp_path, monkeypatch, full=True))


def test_planted_list_covers_every_form(tmp_path: Path) -> None:
    """The corpus plants every form the issue names, each traceable to one place."""
    corpus = build(tmp_path)
    origins = " ".join(p.origin for p in corpus.of_kind(PNR))
    for form in ("tal, 9 siffror", "flyttal, 10 siffror", "tal, 12 siffror", "plus (100 år)",
                 "mellanslag", "tankstreck (U+2013)", "hårt bindestreck (U+2011)",
                 "hårt mellanslag (U+00A0)", "nollbrett mellanslag (U+200B)",
                 "helbreddsbindestreck (U+FF0D)", "12 siffror, ' - '", "samordningsnummer",
                 "populationsfilens namn", "bladnamn", "kolumnrubrik", "mallfil", "textfil",
                 "review lock", "sample --where"):
        assert form in origins, form
    values = [p.value for p in corpus.of_kind(PNR)]
    assert len(values) == len(set(values)), "each personnummer is planted once"
    assert corpus.of_kind(NAME) and corpus.of_kind(REFERENCE) and corpus.of_kind(CASEWORKER)
    assert all(isinstance(p, Planted) for p in corpus.planted)
