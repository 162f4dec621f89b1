"""Moving to the server and back, as IT and a user would, with the command line (issue 17).

A file with every shipped template, counts-only periods, a locked review and a gallrad one is
imported into a server database, backed up to a file again, and the three give the same
results and PDF hashes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import psycopg
import pytest

from internkontroll.store.server import init_server
from tests.conftest import Cli
from tests.server.test_roles import Logins
from tests.servers import SERVER, ServerDatabases, query
from tests.store.test_transfer import REVIEWS

pytestmark = pytest.mark.skipif(not os.environ.get(SERVER), reason=f"{SERVER} is not set")


def everything(cli: Cli, folder: Path) -> dict[str, object]:
    """Every review's results and the hash of every PDF the nämnd received."""
    found: dict[str, object] = {}
    for review in REVIEWS:
        found[f"results {review}"] = json.loads(cli.ok("results", str(review), "--json"))
        for version in (1, 2):
            out = folder / f"{review}-{version}.pdf"
            code, _, _ = cli("review", "pdf", str(review), "--out", out, "--version", version)
            if code == 0:
                found[f"pdf {review} {version}"] = hashlib.sha256(out.read_bytes()).hexdigest()
    return found


def test_a_file_moved_to_the_server_and_back_gives_the_same_results_and_pdfs(
        _seeded: Path, server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "kalla.sqlite"
    shutil.copy(_seeded, source)
    local, remote = Cli(source, capsys), Cli(server, capsys)
    before = everything(local, tmp_path)
    assert sum(key.startswith("pdf") for key in before) == 2

    out = remote.ok("server", "import", source)
    assert "Flyttade 10 kontrolltillfällen" in out and "identiska" in out
    assert everything(remote, tmp_path) == before

    code, _, err = remote("server", "import", source)
    assert code == 3 and "används redan" in err
    assert query(server, "SELECT count(*) FROM review") == [(10,)]

    copy = tmp_path / "kopia.sqlite"
    remote.ok("backup", "--out", copy)
    assert everything(Cli(copy, capsys), tmp_path) == before
    assert not list(tmp_path.glob(".*.ny"))
    made = remote.ok("review", "new", "sip", "--label", "Apr -26").strip()
    assert made == "11"  # the server numbers on after the copied ids


def test_an_administrator_restores_the_server_from_a_backup_file(
        _seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    servers = ServerDatabases(os.environ[SERVER])
    url = servers.new()
    init_server(url)
    logins = Logins(servers, url)
    try:
        owner = Cli(url, capsys)
        for role in ("kontrollansvarig", "administratör"):
            owner.ok("server", "grant", logins.names[role], role)
        owner.ok("review", "new", "sip", "--label", "Apr -26")  # what the server holds now
        source = tmp_path / "kalla.sqlite"
        shutil.copy(_seeded, source)
        before = everything(Cli(source, capsys), tmp_path)

        code, _, err = Cli(logins.url_of("kontrollansvarig"), capsys)("restore", source)
        assert code == 3 and "Bara en administratör" in err
        with psycopg.connect(logins.url_of("kontrollansvarig")) as connection, \
                pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("SELECT internkontroll_replace_all(true)")
        assert query(url, "SELECT label FROM review") == [("Apr -26",)]

        admin = Cli(logins.url_of("administratör"), capsys)
        out = admin.ok("restore", source)
        assert everything(admin, tmp_path) == before
        saved = Path(out.split("sparad som ", 1)[1].strip().removesuffix("."))
        assert query(saved, "SELECT label FROM review") == [("Apr -26",)]
        assert query(url, 'SELECT "user", old_value, new_value FROM audit_log WHERE action = ?',
                     ("restore",)) == [(logins.names["administratör"], saved.name,
                                        "kalla.sqlite")]
        assert admin.ok("review", "new", "sip", "--label", "Maj -26").strip() == "11"
    finally:
        servers.drop_all()
        logins.drop()
