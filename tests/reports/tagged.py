"""Reading a tagged PDF back as a screen reader does: through its structure tree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber


def _marked_texts(pdf: Any) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence, by (page number, MCID); a new line of a
    wrapped paragraph or cell is joined with a space."""
    found: dict[tuple[int, int], list[str]] = defaultdict(list)
    last: dict[tuple[int, int], float] = {}
    for page in pdf.pages:
        for char in page.chars:
            if char.get("mcid") is None:
                continue
            key = (page.page_number, char["mcid"])
            if key in last and abs(char["top"] - last[key]) > 1:
                found[key].append(" ")
            last[key] = char["top"]
            found[key].append(char["text"])
    return {k: "".join(v) for k, v in found.items()}


def _text(element: dict[str, Any], texts: dict[tuple[int, int], str]) -> str:
    own = [texts.get((element["page_number"], m), "") for m in element.get("mcids", [])]
    kids = [_text(k, texts) for k in element.get("children", [])]
    return " ".join(" ".join(t for t in own + kids if t).split())


def _walk(element: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield element
    for kid in element.get("children", []):
        yield from _walk(kid)


def elements(path: Path) -> list[tuple[str, str]]:
    """(structure type, text) of every element in reading order."""
    with pdfplumber.open(path) as pdf:
        texts = _marked_texts(pdf)
        return [(e["type"], _text(e, texts)) for root in pdf.structure_tree
                for e in _walk(root)]


def tables(path: Path) -> list[list[list[str]]]:
    """Every Table element as rows of cell texts (header rows once, however many pages)."""
    with pdfplumber.open(path) as pdf:
        texts = _marked_texts(pdf)
        return [[[_text(cell, texts) for cell in row.get("children", [])]
                 for row in table.get("children", []) if row["type"] == "TR"]
                for root in pdf.structure_tree for table in _walk(root)
                if table["type"] == "Table"]
