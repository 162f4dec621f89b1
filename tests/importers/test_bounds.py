"""The readers' bounds (SPEC § 7.2): XLSX checked before calamine, regular files only, TOML."""

import os
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from internkontroll.core.errors import InvalidInput
from internkontroll.core.inputs import open_input, parse_toml, read_input
from internkontroll.core.limits import MAX_CELL, MAX_COLUMNS, MAX_ROWS, MAX_TOML_DEPTH
from internkontroll.core.values import parse_number
from internkontroll.importers import xlsx_bounds
from internkontroll.importers.tabular import read_table
from internkontroll.importers.xlsx_bounds import _beyond, check_workbook, column_number
from tests.importers.handmade import cell, column_name, sheet_xml, write_handmade

ROWS = [["nr", "ansokan"], ["1", "helt"]]


def refused(path: Path) -> str:
    with pytest.raises(InvalidInput) as caught, path.open("rb") as handle:
        check_workbook(handle, path.name)
    return str(caught.value)


def passes(path: Path) -> None:
    with path.open("rb") as handle:
        check_workbook(handle, path.name)


def far(tmp_path: Path, extra: str, dimension: str | None = None) -> Path:
    return write_handmade(tmp_path / "far.xlsx", sheet_xml(ROWS, dimension, extra))


# --- sheets: declared and used extent ------------------------------------------------------

def test_one_cell_at_xfd1048576_is_refused_naming_the_limit(tmp_path: Path) -> None:
    path = far(tmp_path, '<row r="1048576">' + cell("XFD1048576", "x") + "</row>")
    assert path.stat().st_size < 10_000
    message = refused(path)
    assert "16\u00a0384 kolumner" in message and "gränsen är 1\u00a0000 kolumner" in message


def test_used_range_of_200000_by_200_is_refused_on_cells(tmp_path: Path) -> None:
    message = refused(far(tmp_path, '<row r="200000">' + cell("GR200000", "x") + "</row>"))
    assert "200\u00a0000 rader × 200 kolumner" in message and "celler" in message


def test_declared_dimension_is_checked(tmp_path: Path) -> None:
    message = refused(far(tmp_path, "", dimension="A1:B2000000"))
    assert "enligt bladets mått" in message and "1\u00a0048\u00a0576 rader" in message


@pytest.mark.parametrize("tag", [
    '<c r="A1048577" t="inlineStr"><is><t>x</t></is></c>',  # row beyond its <row>
    '<c t="inlineStr" r="XFD1"><is><t>x</t></is></c>',  # attributes in another order
    '<c r="xfd1" t="inlineStr"><is><t>x</t></is></c>',  # lower case, as calamine reads it
    '<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="XFD1" '
    't="inlineStr"><x:is><x:t>x</x:t></x:is></x:c>',  # a namespace prefix
    "<c r='XFD1' t='inlineStr'><is><t>x</t></is></c>",  # single quotes
    '<c r="A0001048577" t="inlineStr"><is><t>x</t></is></c>',  # leading zeros
])
def test_a_far_cell_in_any_form_is_found(tmp_path: Path, tag: str) -> None:
    refused(far(tmp_path, f'<row r="3">{tag}</row>'))


def test_cells_without_references_are_counted(tmp_path: Path) -> None:
    wide = "".join('<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(MAX_COLUMNS + 1))
    assert "kolumner" in refused(far(tmp_path, f"<row>{wide}</row>"))
    narrow = "".join('<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(MAX_COLUMNS))
    passes(far(tmp_path, f"<row>{narrow}</row>"))


def test_a_far_row_in_the_middle_of_a_large_sheet_is_found(tmp_path: Path) -> None:
    rows = [[f"A-{n}", "helt"] for n in range(60_000)]
    body = sheet_xml(rows).replace(
        '<row r="30000">', '<row r="30000">' + cell(f"A{MAX_ROWS + 1}", "x"))
    refused(write_handmade(tmp_path / "stor.xlsx", body))


def test_a_real_export_passes_and_is_read(tmp_path: Path) -> None:
    rows = [["nr", "ansokan"], *([str(n), "helt"] for n in range(1, 3000))]
    path = write_handmade(tmp_path / "ok.xlsx", sheet_xml(rows, f"A1:B{len(rows)}"))
    passes(path)
    assert len(read_table(path).rows) == len(rows)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 2 * MAX_ROWS), st.integers(1, 2 * MAX_COLUMNS),
       st.integers(1, 2 * MAX_ROWS), st.integers(1, 2 * MAX_COLUMNS))
def test_the_scan_pattern_flags_exactly_the_cells_beyond(rows: int, columns: int, row: int,
                                                         column: int) -> None:
    text = f'<c r="{column_name(column)}{row}" t="s">'.encode()
    assert bool(_beyond(rows, columns).search(text)) == (row > rows or column > columns)
    assert column_number(column_name(column).encode()) == column


# --- zips ----------------------------------------------------------------------------------

def test_a_part_that_inflates_past_the_cap_is_refused(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_bounds, "MAX_XLSX_PART", 1 << 20)
    path = write_handmade(tmp_path / "bomb.xlsx", sheet_xml(ROWS),
                          {"xl/media/bomb.bin": b"\0" * (3 << 20)})
    assert "uppackad" in refused(path)


def test_a_part_whose_declared_size_lies_is_measured(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_bounds, "MAX_XLSX_PART", 1 << 20)
    path = write_handmade(tmp_path / "liar.xlsx", sheet_xml(ROWS),
                          {"xl/media/bomb.bin": b"\0" * (3 << 20)})
    _declare_size(path, "xl/media/bomb.bin", 100)
    assert "uppackad" in refused(path)


def _declare_size(path: Path, name: str, size: int) -> None:
    """Overwrite the uncompressed size of ``name`` in its local and central headers."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    central = data.find(b"PK\x01\x02" + data[info.header_offset + 4: info.header_offset + 6])
    while central >= 0:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46: central + 46 + length] == name.encode():
            struct.pack_into("<I", data, central + 24, size)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("content", [b"PK\x03\x04" + b"\0" * 100, b"PK\x03\x04trasig",
                                     b"nr;ansokan\n1;helt\n"])
def test_broken_and_non_zip_files_are_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "trasig.xlsx"
    path.write_bytes(content)
    with pytest.raises(InvalidInput) as caught:
        read_table(path)
    assert "Excel-fil" in str(caught.value)


def test_a_truncated_workbook_is_refused(tmp_path: Path) -> None:
    path = write_handmade(tmp_path / "kort.xlsx", sheet_xml(ROWS))
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(InvalidInput):
        read_table(path)


# --- cells ---------------------------------------------------------------------------------

def test_an_xlsx_cell_longer_than_max_cell_is_refused(tmp_path: Path) -> None:
    rows = [["nr", "ansokan", "anteckning:ansokan"], ["1", "helt", "x" * (MAX_CELL + 1)]]
    path = write_handmade(tmp_path / "lang.xlsx", sheet_xml(rows))
    with pytest.raises(InvalidInput) as caught:
        read_table(path)
    assert "131\u00a0072 tecken" in str(caught.value)
    rows[1][2] = "x" * MAX_CELL
    write_handmade(path, sheet_xml(rows))
    assert len(read_table(path).rows[1][2]) == MAX_CELL


# --- regular files only --------------------------------------------------------------------

def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "texter.toml"
    os.mkfifo(fifo)
    with pytest.raises(InvalidInput) as caught:
        open_input(fifo, 100, "Textfilen")
    assert "ingen vanlig fil" in str(caught.value)


def test_a_device_a_folder_a_long_name_and_a_missing_file(tmp_path: Path) -> None:
    cases = {Path("/dev/zero"): "ingen vanlig fil", tmp_path: "är en mapp",
             tmp_path / ("å" * 200 + ".csv"): "för långt namn", tmp_path / "nej.csv": "finns inte"}
    for path, expected in cases.items():
        with pytest.raises(InvalidInput) as caught:
            read_input(path, 1 << 20, "Filen")
        assert expected in str(caught.value)
        assert len(str(caught.value)) <= 300


def test_a_file_over_its_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "stor.toml"
    path.write_bytes(b"a = 1\n" * 1000)
    with pytest.raises(InvalidInput) as caught:
        read_input(path, 1000, "Textfilen")
    assert "gränsen är 1000\u00a0byte" in str(caught.value)


# --- TOML and numbers ----------------------------------------------------------------------

def test_toml_with_a_bom_is_read() -> None:
    assert parse_toml('\ufeffsammanfattning = "Bra"\n'.encode(), "t.toml") == {
        "sammanfattning": "Bra"}


def test_toml_errors_are_swedish_with_the_line() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_toml(b'a = "x"\nb = \n', "t.toml")
    assert "felaktig TOML på rad 2" in str(caught.value)
    assert "Invalid" not in str(caught.value)


@pytest.mark.parametrize("text", ["a = " + "[" * 5000 + "]" * 5000,
                                  "a = " + "{b = " * 3000 + "1" + "}" * 3000,
                                  "a = [[[[[1]]]]]", "[a.b.c.d.e]\nx = 1"])
def test_deep_toml_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_toml(text.encode(), "t.toml")
    assert f"fler än {MAX_TOML_DEPTH} nivåer" in str(caught.value)


def test_the_shipped_templates_are_within_the_depth() -> None:
    from internkontroll.core.templates import shipped_templates

    assert len(shipped_templates()) == 3


@pytest.mark.parametrize("text", ["NaN", "nan", "-nan", "sNaN", "inf", "-Infinity", "1e",
                                  "9" * 200])
def test_non_numbers_are_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_numbers_are_numbers() -> None:
    assert str(parse_number("1 234,50")) == "1234.50"
    assert parse_number("-0,5") is not None
