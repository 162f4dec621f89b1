"""Errors from the OS, SQLite, the server and SQLAlchemy in Swedish (SPEC § 8, issue 12 point 6).

A library's own text is English and may quote a value ("Could not decode to UTF-8 column 'label'
with text …"), so it is never shown: the error is mapped by its errno or SQLite result code to
one Swedish line. Used by the command line's ``main`` and by the GUI's error path alike.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import Any

from internkontroll.core.errors import DatabaseInUse, InternkontrollError, InvalidInput
from internkontroll.core.limits import one_line, shown

_DAMAGED = "är skadad och kan inte läsas. Återställ en säkerhetskopia."

# What happened to a file, by errno; the sentence starts with the file's name.
_OS_TEXT = {
    errno.ENOENT: "finns inte",
    errno.EACCES: "får inte öppnas: behörighet saknas",
    errno.EPERM: "får inte öppnas: behörighet saknas",
    errno.EISDIR: "är en mapp, inte en fil",
    errno.ENOTDIR: "går inte att nå: en del av sökvägen är ingen mapp",
    errno.ELOOP: "går inte att nå: för många symboliska länkar (en länk som pekar på sig själv?)",
    errno.ENAMETOOLONG: "har ett för långt namn",
    errno.ENOSPC: "kunde inte skrivas: disken är full",
    errno.EDQUOT: "kunde inte skrivas: lagringsutrymmet är slut",
    errno.EROFS: "kunde inte skrivas: platsen är skrivskyddad",
    errno.EEXIST: "finns redan",
    errno.EBUSY: "används av ett annat program",
    errno.ETXTBSY: "används av ett annat program",
    errno.EIO: "kunde inte läsas eller skrivas: fel på disken eller nätverket",
    errno.ENXIO: "är ingen vanlig fil",
    errno.ENODEV: "är ingen vanlig fil",
    errno.EMFILE: "kunde inte öppnas: för många öppna filer",
    errno.ENFILE: "kunde inte öppnas: för många öppna filer",
    errno.EINVAL: "har ett namn som inte är tillåtet",
    errno.ENOTEMPTY: "är en mapp som inte är tom",
    errno.EXDEV: "kan inte flyttas till en annan disk",
    errno.EFBIG: "är för stor",
    errno.ETIMEDOUT: "svarar inte: nätverket tog för lång tid",
    errno.ENOMEM: "kunde inte läsas: minnet räckte inte till",
}
_WINDOWS_IN_USE = {32, 33}  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION

# SQLite's primary result codes (the low byte of the extended code).
_SQLITE_TEXT = {
    3: "får inte öppnas: behörighet saknas",  # SQLITE_PERM
    7: "kunde inte läsas: minnet räckte inte till",  # SQLITE_NOMEM
    8: "kan inte skrivas: filen eller mappen den ligger i är skrivskyddad",  # SQLITE_READONLY
    10: "kunde inte läsas eller skrivas: fel på disken eller nätverket",  # SQLITE_IOERR
    11: _DAMAGED,  # SQLITE_CORRUPT
    13: "kunde inte skrivas: disken är full",  # SQLITE_FULL
    14: "kan inte öppnas: filen eller mappen saknas eller får inte öppnas",  # SQLITE_CANTOPEN
    18: "kan inte ta emot ett så stort värde",  # SQLITE_TOOBIG
    19: "tog inte emot ändringen: den bryter mot databasens regler",  # SQLITE_CONSTRAINT
    23: "får inte öppnas: behörighet saknas",  # SQLITE_AUTH
    26: _DAMAGED,  # SQLITE_NOTADB
}
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
_SQLITE_READONLY_ROLLBACK = 8 | (3 << 8)


def explain(error: BaseException, database: Path | str | None = None
            ) -> InternkontrollError | None:
    """``error`` as a typed error whose text is one Swedish line, or None when it is none of
    ours, the OS's or the database's (a bug, for the error log).

    ``database`` names the database (a file, or a server's as ``store.server.label`` says) in
    messages about it.
    """
    if isinstance(error, InternkontrollError):
        # Ours keep their type and fields (a subclass may take other arguments): only the
        # text is made one line.
        error.args = (one_line(str(error)),)
        return error
    original = getattr(error, "orig", None)  # SQLAlchemy wraps the driver's error
    if isinstance(original, BaseException) and (isinstance(original, sqlite3.Error)
                                                 or _from_server(original)):
        error = original
    if isinstance(error, sqlite3.Error):
        return _sqlite_error(error, database)
    if _from_server(error):
        return _server_error(error, database)
    if isinstance(error, OSError):
        return os_error(error)
    if isinstance(error, MemoryError):
        return InvalidInput("Minnet räckte inte till. Inget ofullständigt sparades.")
    return None


def _database(database: Path | str | None) -> str:
    if database is None:
        return "Databasen"
    return f"Databasen {shown(database.name if isinstance(database, Path) else database)}"


# SQLSTATE classes of the server's errors (the first two characters), said as what happened.
_SERVER_TEXT = {
    "08": "kan inte nås: servern svarar inte. Försök igen om en stund",
    "28": "tog inte emot inloggningen. Kontrollera användarnamnet, eller be IT om behörighet",
    "3D": "finns inte på servern. Kontrollera adressen",
    "42": "tog inte emot ändringen: din inloggning har inte behörighet till den",
    "53": "kan inte ta emot fler just nu: servern har för mycket att göra. Försök igen",
    "57": "kan inte nås: servern stängs eller startas om. Försök igen om en stund",
    "40": "kunde inte spara ändringen, eftersom någon annan ändrade samtidigt. Försök igen",
    "23": "tog inte emot ändringen: den bryter mot databasens regler",
    "TLS": "kan inte nås säkert: serverns certifikat kunde inte kontrolleras. Be IT om "
           "kommunens CA-certifikat (se docs/server.md i programmets dokumentation)",
}


def _from_server(error: object) -> bool:
    """True for psycopg's errors, told by their module: importing psycopg takes half a second,
    which a program on a file need not wait."""
    return isinstance(error, Exception) and type(error).__module__.startswith("psycopg")


def _connection_failure(message: str) -> str:
    """The SQLSTATE class of a failed connection, which libpq gives only in its message."""
    if "SSL" in message or "certificate" in message:
        return "TLS"
    if "authentication failed" in message or 'role "' in message or "pg_hba.conf" in message \
            or "permission denied" in message:
        return "28"
    if 'database "' in message:
        return "3D"
    return "08"


def _server_error(error: Any, database: Path | str | None) -> InternkontrollError:
    """A server error by its SQLSTATE; a failed connection has none, and is said as one."""
    from psycopg import OperationalError

    code = (getattr(error, "sqlstate", None) or "")[:2]
    if code == "42" and getattr(error, "sqlstate", None) != "42501":
        code = ""  # a mistake in SQL the program sent: a bug, said as a value not read
    if not code and isinstance(error, OperationalError):
        code = _connection_failure(str(error))
    text = _SERVER_TEXT.get(code)
    if text is None:
        text = "svarade med ett fel som programmet inte väntade sig. Inget ofullständigt sparades"
    return InvalidInput(f"{_database(database)} {text}.")


def _sqlite_error(error: sqlite3.Error, database: Path | str | None) -> InternkontrollError:
    code = getattr(error, "sqlite_errorcode", None)
    subject = _database(database)
    if code is not None and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return DatabaseInUse(f"{subject} används av ett annat program just nu, som har låst "
                             "filen. Stäng det programmet och försök igen.")
    if code == _SQLITE_READONLY_ROLLBACK:
        return InvalidInput(f"{subject} har en avbruten skrivning kvar som inte kan återställas, "
                            "eftersom filen eller mappen är skrivskyddad.")
    if code is not None and code & 0xFF in _SQLITE_TEXT:
        return InvalidInput(f"{subject} {_SQLITE_TEXT[code & 0xFF]}.")
    # SQLITE_ERROR and errors without a code (text that is not UTF-8, malformed JSON): a value
    # in the file that cannot be read. The library's words would quote it.
    return InvalidInput(f"{subject} innehåller ett värde som inte går att läsa och kan vara "
                        "skadad. Återställ en säkerhetskopia.")


def os_error(error: OSError) -> InvalidInput:
    """An OS error about a file as one Swedish line (the file's name, then what happened)."""
    name = error.filename if error.filename is not None else None
    subject = f"Filen {shown(Path(str(name)).name or name)}" if name is not None else "En fil"
    if getattr(error, "winerror", None) in _WINDOWS_IN_USE:
        return InvalidInput(f"{subject} används av ett annat program.")
    text = _OS_TEXT.get(error.errno or 0)
    if text is None:
        code = errno.errorcode.get(error.errno or 0, str(error.errno))
        text = f"kunde inte läsas eller skrivas (felkod {code})"
    return InvalidInput(f"{subject} {text}.")
