"""File-level facts about a database path: private creation and network detection."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

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
