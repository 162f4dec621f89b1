"""File-level facts: private creation and writing (0600 on POSIX), and network detection.

Every file the app writes that may hold case-level data (the database and its side files,
backups, the internal documents, the work list, the error log) is created through
``create_private`` or written through ``write_private``/``append_private``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import quote

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown

_NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "ceph",
               "glusterfs", "davfs", "fuse.davfs2", "lustre"}


def readonly_uri(path: Path, extra: str = "") -> str:
    """An SQLite URI that opens ``path`` read-only (characters such as '#' or '?' escaped)."""
    return f"file:{quote(path.as_posix())}?mode=ro{extra}"


def create_private(path: Path) -> None:
    """Create an empty file readable only by the user (0600 on POSIX)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` as ``path``, readable only by the user, whole or not at all.

    Also over an existing file, whatever its mode: the data goes to a new private file beside
    it, which then replaces it. An unwritable place is an input error naming the file.
    """
    if not path.parent.is_dir():  # the user chose the place: never make folders for it
        raise InvalidInput(f"{shown(path.name)} kunde inte sparas: mappen "
                           f"{shown(path.parent)} finns inte.")
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        create_private(temp)
        with temp.open("wb") as handle:  # an existing file keeps its 0600 mode
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise InvalidInput(f"{shown(path.name)} kunde inte sparas: "
                           f"{error.strerror or error}.") from None


def append_private(path: Path, text: str) -> None:
    """Append ``text`` to ``path``, creating it readable only by the user, and making an
    existing file so if an earlier version left it readable by others."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        if os.name == "posix" and os.fstat(fd).st_mode & 0o077:
            os.fchmod(fd, 0o600)
        handle.write(text)


def is_network_path(path: Path, mounts: str | None = None) -> bool:
    """True for a UNC path, a drive Windows reports as remote, or a network file system mount.

    ``mounts`` is the text of /proc/mounts; read from the system when not given.
    """
    text = str(path)
    if os.name == "nt":
        if text.startswith(("\\\\", "//")):
            return True
        import ctypes

        drive = os.path.splitdrive(os.path.abspath(text))[0] + "\\"
        drive_remote = 4
        return bool(ctypes.windll.kernel32.GetDriveTypeW(drive) == drive_remote)  # type: ignore[attr-defined]
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8")
        except OSError:
            return False
    resolved = str(path.resolve().parent)
    best, fstype = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            point = fields[1].replace("\\040", " ")
            inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
            if inside and len(point) > len(best):
                best, fstype = point, fields[2]
    return fstype in _NETWORK_FS
