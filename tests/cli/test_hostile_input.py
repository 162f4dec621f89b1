"""Hostile input files (issue 12): every one is refused with exit 3 and one Swedish line, and
the database is left as it was.

Files that could kill or hang the process on a regression (calamine's abort, a FIFO, /dev/zero)
run in a child process with a memory limit and a timeout, so that the test fails instead.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from internkontroll.core.limits import MAX_NOTE
from tests.conftest import Cli, dump
from tests.importers.handmade import cell, sheet_xml, write_handmade

ENGLISH = re.compile(r"\b(the|is|not|of|Invalid|Error|error|denied|directory|line|column)\b")


@pytest.fixture
def review(cli: Cli) -> str:
    return cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22").strip()


def one_swedish_line(err: str) -> None:
    assert err.endswith("\n") and err.count("\n") == 1, err
    message = err.removeprefix("internkontroll: ").strip()
    assert len(message) <= 300, message
    assert "Traceback" not in err and not ENGLISH.search(message), message
    assert "oväntat fel" not in message, message


def refused(cli: Cli, *args: str | Path) -> str:
    before = dump(cli.db)
    code, out, err = cli(*args)
    assert code == 3, (out, err)
    one_swedish_line(err)
    assert dump(cli.db) == before
    return err


def refused_in_child(db: Path, *args: str | Path) -> str:
    """Like ``refused``, in a child process limited to 4 GB of memory and 60 seconds."""
    before = dump(db)

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))

    try:
        done = subprocess.run([sys.executable, "-m", "internkontroll", "--db", str(db),
                               *map(str, args)], capture_output=True, text=True, timeout=60,
                              preexec_fn=limit, env={**os.environ, "RUST_BACKTRACE": "0"})
    except subprocess.TimeoutExpired:
        pytest.fail("the command did not finish within 60 seconds")
    assert done.returncode == 3, (done.returncode, done.stderr[-2000:])
    one_swedish_line(done.stderr)
    assert dump(db) == before
    return done.stderr


def far_workbook(path: Path, rows: list[list[str]], ref: str) -> Path:
    row = re.sub(r"[A-Z]+", "", ref)
    return write_handmade(path, sheet_xml(rows, extra=f'<row r="{row}">{cell(ref, "x")}</row>'))


# --- point 1: a tiny XLSX that would make calamine allocate 549 GB -------------------------

def test_far_cell_in_a_population_is_refused(cli: Cli, review: str, tmp_path: Path) -> None:
    path = far_workbook(tmp_path / "lista.xlsx", [["Ärendenummer", "Handläggare"],
                                                   ["A-1", "Bo Ek"]], "XFD1048576")
    assert path.stat().st_size < 10_000
    err = refused_in_child(cli.db, "sample", review, "--population", path, "--size", "1")
    assert "gränsen är 1\u00a0000 kolumner" in err


def test_far_cell_in_an_assessment_file_is_refused(cli: Cli, review: str,
                                                   tmp_path: Path) -> None:
    path = far_workbook(tmp_path / "bedomning.xlsx", [["lopnummer", "ansokan"], ["1", "helt"]],
                        "XFD1048576")
    refused_in_child(cli.db, "review", "import", review, path)


def test_far_cell_in_a_counts_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    cli.ok("templates")
    path = far_workbook(tmp_path / "antal.xlsx", [["kontrollmoment", "helt"], ["ansokan", "3"]],
                        "XFD1048576")
    refused_in_child(cli.db, "review", "counts", "ekonomiskt-bistand", "--label", "A",
                     "--date", "2022-11-17", path)


def test_a_used_range_of_200000_by_200_is_refused(cli: Cli, review: str,
                                                  tmp_path: Path) -> None:
    path = far_workbook(tmp_path / "bred.xlsx", [["Ärendenummer", "Handläggare"],
                                                 ["A-1", "Bo Ek"]], "GR200000")
    err = refused_in_child(cli.db, "sample", review, "--population", path, "--size", "1")
    assert "celler" in err


# --- point 2: cells and notes --------------------------------------------------------------

def test_a_long_xlsx_cell_is_refused(cli: Cli, review: str, tmp_path: Path) -> None:
    rows = [["lopnummer", "ansokan", "anteckning:ansokan"], ["1", "helt", "x" * 10_000_000]]
    path = write_handmade(tmp_path / "lang.xlsx", sheet_xml(rows))
    assert path.stat().st_size < 100_000
    assert "tecken" in refused(cli, "review", "import", review, path)


def test_a_note_over_the_limit_is_refused(cli: Cli, review: str, tmp_path: Path) -> None:
    path = tmp_path / "anteckning.csv"
    path.write_text(f"nr;ansokan;anteckning:ansokan\n1;helt;{'x' * (MAX_NOTE + 1)}\n",
                    encoding="utf-8")
    assert f"gränsen är {MAX_NOTE} tecken" in refused(cli, "review", "import", review, path)
    path.write_text(f"nr;ansokan;anteckning:ansokan\n1;helt;{'x' * MAX_NOTE}\n",
                    encoding="utf-8")
    assert cli("review", "import", review, path)[0] == 0


# --- point 4: what reached the user as "oväntat fel" ----------------------------------------

@pytest.mark.parametrize("span", ["NaN..200", "nan..200", "0..inf", "-Infinity..500", "sNaN..1"])
def test_non_numbers_in_a_number_filter(cli: Cli, review: str, tmp_path: Path,
                                        span: str) -> None:
    path = tmp_path / "lista.csv"
    path.write_text("Ärendenummer;Handläggare;Belopp\nA-1;Bo Ek;100\nA-2;Bo Ek;300\n",
                    encoding="utf-8")
    refused(cli, "sample", review, "--population", path, "--size", "1",
            "--between", f"Belopp={span}")


def test_a_nan_cell_under_a_number_filter_does_not_pass(cli: Cli, review: str,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "lista.csv"
    path.write_text("Ärendenummer;Handläggare;Belopp\nA-1;Bo Ek;NaN\nA-2;Bo Ek;150\n",
                    encoding="utf-8")
    out = cli.ok("sample", review, "--population", path, "--size", "all",
                 "--between", "Belopp=100..200")
    assert "Urval: 1 ärende och 0 reserver" in out


@pytest.mark.parametrize("count", [str(2 ** 63), "9" * 40, "1000001", "²"])
def test_a_count_out_of_range_is_refused(cli: Cli, tmp_path: Path, count: str) -> None:
    cli.ok("templates")
    path = tmp_path / "antal.csv"
    path.write_text(f"kontrollmoment;helt\nansokan;{count}\n", encoding="utf-8")
    refused(cli, "review", "counts", "ekonomiskt-bistand", "--label", "A", "--date",
            "2022-11-17", path)


def test_a_case_number_above_2_63_is_refused(cli: Cli, review: str, tmp_path: Path) -> None:
    path = tmp_path / "bedomning.csv"
    path.write_text(f"nr;ansokan\n{2 ** 64};helt\n", encoding="utf-8")
    refused(cli, "review", "import", review, path)


def test_deep_toml_is_refused(cli: Cli, review: str, tmp_path: Path) -> None:
    path = tmp_path / "texter.toml"
    path.write_text("a = " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    assert "nivåer" in refused(cli, "review", "texts", review, "--from", path)
    path.write_text("[kommentar.ansokan.x.y.z]\na = 'b'\n", encoding="utf-8")
    assert "nivåer" in refused(cli, "review", "texts", review, "--from", path)


@pytest.mark.parametrize("command", ["sample", "import", "texts", "counts"])
def test_a_file_name_over_255_bytes(cli: Cli, review: str, tmp_path: Path,
                                    command: str) -> None:
    long = tmp_path / ("ä" * 130 + ".csv")  # 260 bytes in UTF-8
    args = {"sample": ["sample", review, "--population", long, "--size", "1"],
            "import": ["review", "import", review, long],
            "texts": ["review", "texts", review, "--from", long.with_suffix(".toml")],
            "counts": ["review", "counts", "ekonomiskt-bistand", "--label", "A", "--date",
                       "2022-11-17", long]}[command]
    assert "för långt namn" in refused(cli, *args)


def test_a_work_list_path_that_is_a_folder(cli: Cli, review: str, tmp_path: Path) -> None:
    path = tmp_path / "lista.csv"
    path.write_text("Ärendenummer;Handläggare\nA-1;Bo Ek\nA-2;Bo Ek\n", encoding="utf-8")
    folder = tmp_path / "arbetslista.xlsx"
    folder.mkdir()
    assert "är en mapp" in refused(cli, "sample", review, "--population", path, "--size", "1",
                                   "--worklist", folder)
    long = tmp_path / ("ö" * 130 + ".xlsx")
    assert "för långt namn" in refused(cli, "sample", review, "--population", path, "--size",
                                       "1", "--worklist", long)


def test_dev_zero_as_the_texts_file(cli: Cli, review: str) -> None:
    err = refused_in_child(cli.db, "review", "texts", review, "--from", "/dev/zero")
    assert "ingen vanlig fil" in err


# --- point 5: only regular files are read --------------------------------------------------

@pytest.mark.parametrize("command", ["texts", "import", "sample", "counts", "logo"])
def test_a_fifo_is_refused_at_once(cli: Cli, review: str, tmp_path: Path,
                                   command: str) -> None:
    fifo = tmp_path / ("texter.toml" if command == "texts" else "fil.csv")
    os.mkfifo(fifo)
    cli.ok("templates")
    args = {"texts": ["review", "texts", review, "--from", fifo],
            "import": ["review", "import", review, fifo],
            "sample": ["sample", review, "--population", fifo, "--size", "1"],
            "counts": ["review", "counts", "ekonomiskt-bistand", "--label", "A", "--date",
                       "2022-11-17", fifo],
            "logo": ["settings", "--set", f"logo={fifo}"]}[command]
    assert "ingen vanlig fil" in refused_in_child(cli.db, *args)


@pytest.mark.parametrize("command", ["texts", "import", "sample"])
def test_a_folder_is_said_to_be_a_folder(cli: Cli, review: str, tmp_path: Path,
                                         command: str) -> None:
    folder = tmp_path / ("texter.toml" if command == "texts" else "fil.csv")
    folder.mkdir()
    args = {"texts": ["review", "texts", review, "--from", folder],
            "import": ["review", "import", review, folder],
            "sample": ["sample", review, "--population", folder, "--size", "1"]}[command]
    err = refused(cli, *args)
    assert "är en mapp" in err and "finns inte" not in err


# --- point 7: TOML as Notepad saves it, and TOML errors in Swedish -------------------------

def test_texts_with_a_bom_are_accepted(cli: Cli, review: str, tmp_path: Path) -> None:
    path = tmp_path / "texter.toml"
    path.write_bytes('\ufeffsammanfattning = "Rutinen följs."\n'.encode())
    cli.ok("review", "texts", review, "--from", path)


def test_a_toml_error_is_swedish_with_its_line(cli: Cli, review: str, tmp_path: Path) -> None:
    path = tmp_path / "texter.toml"
    path.write_text('sammanfattning = "Bra"\nanalys = \n', encoding="utf-8")
    assert "felaktig TOML på rad 2" in refused(cli, "review", "texts", review, "--from", path)
