"""Opening an input file the user named, and reading TOML, within the bounds of SPEC § 7.2.

Every reader goes through ``open_input``: only a regular file is read (a FIFO would block forever,
``/dev/zero`` would fill the memory), and a file over its size limit is refused before it is read.
Operating-system errors are said in Swedish, never with the OS's English text.
"""

from __future__ import annotations

import errno
import os
import stat
import tomllib
from pathlib import Path
from typing import Any, BinaryIO

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import MAX_TOML_BYTES, MAX_TOML_DEPTH, shown

# Opening a FIFO for reading blocks until a writer appears; O_NONBLOCK makes the open return so
# that fstat can refuse it. Windows has neither flag nor FIFOs.
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) \
    | getattr(os, "O_NOCTTY", 0)

_OS_REASONS = {
    errno.ENOENT: "finns inte",
    errno.ENOTDIR: "finns inte (en del av sökvägen är ingen mapp)",
    errno.EISDIR: "är en mapp, inte en fil",
    errno.EACCES: "kan inte öppnas: behörighet saknas",
    errno.EPERM: "kan inte öppnas: behörighet saknas",
    errno.ENAMETOOLONG: "har ett för långt namn (högst 255 byte per del av sökvägen)",
    errno.ELOOP: "kan inte öppnas: för många symboliska länkar i sökvägen",
    errno.EMFILE: "kan inte öppnas: för många öppna filer",
}


def size_text(size: int) -> str:
    """A byte count as the user reads it: '1 MB', '256 MB', '1 GB'."""
    for unit, step in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if size >= step:
            value = size / step
            return f"{value:.0f}\u00a0{unit}" if value >= 10 or value.is_integer() \
                else f"{value:.1f}\u00a0{unit}".replace(".", ",")
    return f"{size}\u00a0byte"


def os_reason(error: OSError) -> str:
    """What went wrong, in Swedish, to follow a file's name: 'finns inte', 'är en mapp …'."""
    return _OS_REASONS.get(error.errno or 0, "kan inte läsas (fel från operativsystemet)")


def open_input(path: Path, limit: int, what: str = "Filen") -> BinaryIO:
    """``path`` opened for binary reading, if it is a regular file of at most ``limit`` bytes.

    ``what`` starts the message ("Filen", "Textfilen", "Logotypen"); the file's name follows.
    """
    label = f"{what} {shown(path.name or path)}"
    try:
        fd = os.open(path, _FLAGS)
    except OSError as error:
        raise InvalidInput(f"{label} {os_reason(error)}.") from None
    except ValueError:  # a NUL byte in the path
        raise InvalidInput(f"{label} har ett ogiltigt namn.") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InvalidInput(f"{label} är en mapp, inte en fil.")
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(f"{label} är ingen vanlig fil (till exempel en enhet eller en "
                               "namngiven pipe) och läses inte.")
        if info.st_size > limit:
            raise InvalidInput(f"{label} är för stor ({size_text(info.st_size)}); gränsen är "
                               f"{size_text(limit)}.")
        if _FLAGS & getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_input(path: Path, limit: int, what: str = "Filen") -> bytes:
    """All bytes of a regular file of at most ``limit`` bytes (see ``open_input``)."""
    with open_input(path, limit, what) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise InvalidInput(f"{what} {shown(path.name)} {os_reason(error)}.") from None
    if len(data) > limit:  # it grew after it was opened
        raise InvalidInput(f"{what} {shown(path.name)} är för stor; gränsen är "
                           f"{size_text(limit)}.")
    return data


def parse_toml(raw: bytes, name: str) -> dict[str, Any]:
    """A TOML document (UTF-8, with or without BOM) nested at most ``MAX_TOML_DEPTH`` levels."""
    label = shown(name)
    if len(raw) > MAX_TOML_BYTES:
        raise InvalidInput(f"{label} är för stor; gränsen är {size_text(MAX_TOML_BYTES)}.")
    try:
        text = raw.decode("utf-8-sig")  # Notepad saves UTF-8 with a BOM
    except UnicodeDecodeError:
        raise InvalidInput(f"{label} är inte sparad som UTF-8.") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(f"{label}: felaktig TOML{_where(error, text)}. Kontrollera "
                           "citattecken, likhetstecken och hakparenteser.") from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise InvalidInput(_too_deep(label)) from None
    if _depth(data) - 1 > MAX_TOML_DEPTH:
        raise InvalidInput(_too_deep(label))
    return data


def _too_deep(label: str) -> str:
    return f"{label}: tabeller och listor är nästlade i fler än {MAX_TOML_DEPTH} nivåer."


def _where(error: tomllib.TOMLDecodeError, text: str) -> str:
    """' på rad N' from tomllib's English message, which ends '(at line N, column M)'."""
    message = str(error)
    marker = "(at line "
    if marker in message:
        line = message.rsplit(marker, 1)[1].split(",", 1)[0]
        if line.isdigit():
            return f" på rad {line}"
    if "(at end of document)" in message:
        return f" på rad {text.count(chr(10)) + 1} (i slutet av filen)"
    return ""


def _depth(value: object, limit: int = MAX_TOML_DEPTH + 2) -> int:
    """Nesting of tables and arrays, stopping past ``limit``. An array of tables ([[items]])
    is one level with its tables, as the file writes it; an array of arrays is two."""
    if limit <= 0:
        return 1
    if isinstance(value, dict):
        return 1 + max((_depth(v, limit - 1) for v in value.values()), default=0)
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return max(_depth(v, limit) for v in value)
        return 1 + max((_depth(v, limit - 1) for v in value), default=0)
    return 0
