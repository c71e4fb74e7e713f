"""One run owns a results folder at a time, and a folder is written whole or not at all.

A lock file beside the folder names its owner (process id, host, command); another run is
refused while the owner lives and takes the lock over when it is dead. A kind's files are
written into a staging folder beside the target and swapped in at the end, so a failed or
interrupted write (a full disk, Ctrl-C) leaves the old folder as it was.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from axissim.errors import InputError
from axissim.files import check_parents
from axissim.folders.manifest import command_line, keep_unchanged_manifest


def lock_path(folder: Path) -> Path:
    return folder.parent / f".{folder.name}.lock"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def _owner(path: Path) -> dict | None:
    """The lock's record, or None when it is gone, unreadable or its process is dead."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        pid = int(record["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    same_host = record.get("host") == socket.gethostname()
    return record if not same_host or _alive(pid) else None


def check_folder(folder: Path | str) -> Path:
    """`folder`, when a results folder can be written there: refused when a file is in the way,
    there or at a folder above it (asked before any work, so that nothing runs for a result
    that could not be written)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError(str(folder), "", "expected a results folder, but this is a file")
    check_parents(folder)
    return folder


@contextmanager
def locked(folder: Path | str) -> Iterator[Path]:
    """Hold `folder` for this process; refuse with a clear error while another run holds it."""
    folder = check_folder(folder)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # e.g. no permission
        raise InputError(str(folder), "", f"cannot make the folder: {exc.strerror}") from None
    path = lock_path(folder)
    record = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "command": command_line(),
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    for _ in range(2):  # a second try after taking over a dead owner's lock
        try:
            with open(path, "x", encoding="utf-8") as handle:
                json.dump(record, handle)
            break
        except FileExistsError:
            owner = _owner(path)
        except OSError as exc:  # a folder no file can be made in (no permission, /proc)
            raise InputError(str(folder), "", f"cannot write here: {exc.strerror}") from None
        if owner is not None:
            raise InputError(
                str(folder),
                "",
                f"in use by another axissim run (process {owner['pid']} on "
                f"{owner.get('host')}, since {owner.get('started')}: "
                f"{owner.get('command')}); wait for it to finish, or choose another --out",
            )
        path.unlink(missing_ok=True)
    else:
        raise InputError(str(folder), "", f"cannot take the lock {path}")
    try:
        yield folder
    finally:
        path.unlink(missing_ok=True)


def _owned(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


@contextmanager
def staged(folder: Path | str, owned: tuple[str, ...]) -> Iterator[Path]:
    """Yield a staging folder to write a kind's files into; on success it replaces `folder`.

    `owned` are the name patterns of the kind's files: the old folder's other entries (other
    kinds' files and subfolders, e.g. tipping/ inside a run) are carried over, the kind's old
    files are not (no stale file survives a partial rerun). On failure nothing changes. Results
    rewritten unchanged keep their old manifest (`keep_unchanged_manifest`).
    """
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    stage = folder.parent / f".{folder.name}.{uuid.uuid4().hex[:8]}.staging"
    stage.mkdir()
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    if folder.is_dir():
        keep_unchanged_manifest(folder, stage)
        for entry in folder.iterdir():
            if not _owned(entry.name, owned) and not (stage / entry.name).exists():
                os.replace(entry, stage / entry.name)
        trash = folder.parent / f".{folder.name}.{uuid.uuid4().hex[:8]}.old"
        os.replace(folder, trash)
        os.replace(stage, folder)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        os.replace(stage, folder)


@contextmanager
def written(folder: Path | str, owned: tuple[str, ...]) -> Iterator[Path]:
    """`locked` and `staged` together: the usual way a command writes its results folder."""
    with locked(folder), staged(folder, owned) as stage:
        yield stage
