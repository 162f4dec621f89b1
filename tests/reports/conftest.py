"""The example database of the three shipped templates, and each document the app writes of
it, made once for the tests of what the documents are as files."""

from __future__ import annotations

from pathlib import Path

import pytest

from docs.make_examples import ekonomiskt_bistand, run, sip, vardighetsgarantier
from tests.cli.test_safety_cli import answers_file
from tests.importers.population_data import population_rows, write_population_csv

EB, VG, SIP = 4, 7, 10  # the example database's reviews of the three shipped templates
REDOVISNINGAR = {"ekonomiskt-bistand": EB, "vardighetsgarantier": VG, "sip": SIP}
INTERNAL = ("urvalsprotokoll", "avvikelser")
Examples = tuple[Path, dict[str, Path]]  # the database; each document by name (and .docx)


@pytest.fixture(scope="session")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Examples:
    """The example database, and each of its documents as the app writes it."""
    work = tmp_path_factory.mktemp("arkiv")
    db = work / "exempel.sqlite"
    run(db, "settings", "--set", "kommun=Exempelby kommun")
    assert [b(db, work) for b in (ekonomiskt_bistand, vardighetsgarantier, sip)] == [EB, VG, SIP]
    documents = {}
    for name, review in REDOVISNINGAR.items():
        documents[name] = work / f"{name}.pdf"
        documents[f"{name}.docx"] = work / f"{name}.docx"
        run(db, "report", review, "--out", documents[name])
        run(db, "report", review, "--out", documents[f"{name}.docx"])
    sampled = run(db, "review", "new", "ekonomiskt-bistand", "--label", "Maj -23").strip()
    population = write_population_csv(work / "beslut.csv", population_rows(20))
    run(db, "sample", sampled, "--population", population, "--size", "4", "--seed", "3")
    run(db, "review", "import", sampled, answers_file(work / "svar.csv", [1, 2, 3, 4]))
    for kind in INTERNAL:
        documents[kind] = work / f"{kind}.pdf"
        run(db, "report", sampled, "--internal", kind, "--out", documents[kind])
    return db, documents
