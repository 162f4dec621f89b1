"""Every internal file the app writes is readable only by the user (0600 on POSIX), like the
database: the urvalsprotokoll, the avvikelselista, the work list and the error log, whether
the file is new or written over one that others could read, whatever the umask."""

import os
import stat
from pathlib import Path

import pytest

from internkontroll.store.files import write_private
from tests.cli.test_safety_cli import answers_file
from tests.conftest import Cli
from tests.importers.population_data import population_rows, write_population_csv

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")

EXISTING = [None, 0o644, 0o666, 0o755]


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask() -> object:
    """umask 0: a file created with default permissions would be world-readable."""
    old = os.umask(0)
    yield
    os.umask(old)


def prepare(path: Path, existing: int | None) -> None:
    if existing is not None:
        path.write_bytes(b"gammalt innehall")
        os.chmod(path, existing)


@pytest.fixture
def sampled(cli: Cli, tmp_path: Path) -> str:
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22").strip()
    population = write_population_csv(tmp_path / "beslut.csv", population_rows(20))
    cli.ok("sample", review, "--population", population, "--size", "4", "--seed", "3")
    cli.ok("review", "import", review, answers_file(tmp_path / "svar.csv", [1, 2, 3, 4]))
    return review


@pytest.mark.parametrize("existing", EXISTING)
@pytest.mark.parametrize("kind", ["urvalsprotokoll", "avvikelser"])
def test_internal_documents_are_private(cli: Cli, sampled: str, tmp_path: Path, kind: str,
                                        existing: int | None, open_umask: object) -> None:
    out = tmp_path / f"{kind}.pdf"
    prepare(out, existing)
    cli.ok("report", sampled, "--internal", kind, "--out", out)
    assert out.read_bytes().startswith(b"%PDF")
    assert mode(out) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("existing", EXISTING)
def test_work_list_is_private_also_over_an_existing_file(cli: Cli, tmp_path: Path,
                                                         existing: int | None,
                                                         open_umask: object) -> None:
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Maj -23").strip()
    population = write_population_csv(tmp_path / "beslut.csv", population_rows(20))
    out = tmp_path / "arbetslista.xlsx"
    prepare(out, existing)
    cli.ok("sample", review, "--population", population, "--size", "4", "--seed", "3",
           "--worklist", out)
    assert out.read_bytes().startswith(b"PK")
    assert mode(out) == 0o600


@pytest.mark.parametrize("existing", EXISTING)
def test_error_log_is_private(cli: Cli, tmp_path: Path, existing: int | None,
                              open_umask: object, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    from internkontroll.store import reviews

    folder = tmp_path / "logg"
    monkeypatch.setattr(platformdirs, "user_log_path", lambda *a, **k: folder)
    folder.mkdir()
    prepare(folder / "fel.log", existing)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("oväntat")

    monkeypatch.setattr(reviews, "list_reviews", broken)
    code, _, err = cli("review", "list")
    assert code == 1 and "fel.log" in err
    assert "RuntimeError" in (folder / "fel.log").read_text(encoding="utf-8")
    assert mode(folder / "fel.log") == 0o600


def test_write_private_never_makes_the_folder(tmp_path: Path) -> None:
    from internkontroll.core.errors import InvalidInput

    target = tmp_path / "saknas" / "fil.pdf"  # a folder that is not there
    with pytest.raises(InvalidInput, match="fil.pdf kunde inte sparas"):
        write_private(target, b"data")
    assert not target.parent.exists()


def test_write_private_keeps_the_old_file_when_it_cannot_write(tmp_path: Path) -> None:
    from internkontroll.core.errors import InvalidInput

    folder = tmp_path / "skrivskyddad"
    folder.mkdir()
    (folder / "fil.pdf").write_bytes(b"gammalt")
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(InvalidInput):
            write_private(folder / "fil.pdf", b"nytt")
        assert (folder / "fil.pdf").read_bytes() == b"gammalt"
    finally:
        folder.chmod(0o700)
