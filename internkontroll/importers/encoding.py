"""The one encoding rule for every CSV file the app reads (population, assessment and counts).

A byte-order mark decides (UTF-8 or UTF-16). Without one the file is UTF-8 when its first
megabyte with a non-ASCII byte decodes as UTF-8, and Windows-1252 otherwise, unless it also holds
UTF-8's å, ä, ö: such a file mixes two encodings and would give "Ã…sa Ã–berg", so it is refused.
A UTF-8 file that spells å as "Ã¥" was converted wrongly once before and is refused too. The
decision is made in one pass over the bytes, the same pass that computes the file's SHA-256,
before a single row is read. A UTF-8 file with other bytes further on fails while its rows are
decoded, and tabular.table_rows refuses it with the same message (``mixed_message``).
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from typing import BinaryIO

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown

BLOCK = 1 << 20
SNIFF_LINES = 30  # the lines the delimiter is chosen from (a title may stand above the header)
DELIMITERS = (";", "\t", ",")
# In UTF-8 and Windows-1252 a control character is always one of these single bytes.
_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])
# Bytes that Windows-1252 leaves undefined.
_CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"
_CONTROL_OR_UNDEFINED = _CONTROL_BYTES + _CP1252_UNDEFINED
# å ä ö Å Ä Ö é in UTF-8 (in Windows-1252 they read "Ã¥", "Ã¤", …).
_UTF8_LETTERS = re.compile(rb"\xc3[\xa5\xa4\xb6\x85\x84\x96\xa9]")
# The same letters read as Windows-1252 and saved again as UTF-8: "Ã¥" and so on.
_DOUBLE_ENCODED = re.compile(rb"\xc3\x83(?:\xc2[\xa5\xa4\xb6\xa9]|\xe2\x80[\xa6\x9e\x93])")


@dataclass(frozen=True)
class Encoding:
    name: str  # utf-8, utf-8-sig, utf-16 or cp1252: for io.TextIOWrapper
    sha256: str


def mixed_message(name: str) -> str:
    return (f"{shown(name)} blandar två teckenkodningar (UTF-8 och Windows-1252), så å, ä och ö "
            "skulle bli fel. Spara om filen som CSV (UTF-8).")


def unreadable_message(name: str) -> str:
    return (f"{shown(name)} kan inte läsas som text: okänd teckenkodning eller inte en textfil. "
            "Spara filen som CSV (UTF-8) eller Excel (.xlsx).")


def _double_message(name: str) -> str:
    return (f"{shown(name)} har å, ä och ö som blivit fel vid en tidigare konvertering (till "
            "exempel 'Ã¥' för 'å'). Spara om filen från verksamhetssystemet som CSV (UTF-8).")


def _refuse_control(block: bytes, name: str) -> None:
    if len(block.translate(None, _CONTROL_BYTES)) == len(block):
        return
    if block[1::2].count(0) > len(block) // 4 or block[::2].count(0) > len(block) // 4:
        raise InvalidInput(f"{shown(name)} är sparad som UTF-16 utan byte-ordningsmärke. Spara "
                           "om filen som CSV (UTF-8).")
    raise InvalidInput(unreadable_message(name))


def detect(handle: BinaryIO, name: str) -> Encoding:
    """The encoding of a CSV file and its SHA-256; ``InvalidInput`` for a file that is not
    clean text. Leaves the handle at its start."""
    head = handle.read(4)
    handle.seek(0)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        digest = hashlib.sha256()
        for block in iter(lambda: handle.read(BLOCK), b""):
            digest.update(block)
        handle.seek(0)
        return Encoding("utf-16", digest.hexdigest())  # control characters: checked per row
    bom = head.startswith(b"\xef\xbb\xbf")
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, decided = True, False
    letters = double = undefined = False
    tail = b""
    for block in iter(lambda: handle.read(BLOCK), b""):
        digest.update(block)
        if utf8 or undefined:
            _refuse_control(block, name)
        elif len(block.translate(None, _CONTROL_OR_UNDEFINED)) != len(block):
            _refuse_control(block, name)  # one pass for both, while a Windows-1252 file is clean
            undefined = True
        if block.isascii():
            tail = b""
            continue
        if not decided:  # the first block with a non-ASCII byte decides; decoding is not free
            decided = True
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                utf8 = False
                undefined = len(block.translate(None, _CP1252_UNDEFINED)) != len(block)
        window = tail + block
        # Each search only while it can still matter, after a one-byte (memchr) look: 0xC3
        # starts å, ä, ö in UTF-8; 0x83 (the second byte of "Ã") is rare in Swedish text.
        if not letters and b"\xc3" in window:
            letters = _UTF8_LETTERS.search(window) is not None
        if utf8 and not double and b"\x83" in window:
            double = _DOUBLE_ENCODED.search(window) is not None
        tail = block[-4:]
    handle.seek(0)
    if utf8:
        if double:
            raise InvalidInput(_double_message(name))
        return Encoding("utf-8-sig" if bom else "utf-8", digest.hexdigest())
    if letters or bom:
        raise InvalidInput(mixed_message(name))
    if undefined:
        raise InvalidInput(unreadable_message(name))
    return Encoding("cp1252", digest.hexdigest())


def sniff_delimiter(head: str) -> str:
    """';', tab or ',', in that order: the first that splits most of the first lines into the
    same number of fields. ';' is what Swedish Excel writes, and a ';' file keeps its commas in
    free text unquoted, so commas in a note column or in a title line above the header never
    outvote it. When none is that even (a short file under a title), the most frequent one.
    """
    lines = [line for line in head.splitlines() if line.strip()][:SNIFF_LINES]
    for delimiter in DELIMITERS:
        counts = Counter(n for n in (line.count(delimiter) for line in lines) if n)
        if counts and 2 * counts.most_common(1)[0][1] > len(lines):
            return delimiter
    totals = {d: sum(line.count(d) for line in lines) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: totals[d])
    return best if totals[best] else ";"
