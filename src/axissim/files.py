"""Files written whole or not at all: every result is written to a temporary file in its folder
and renamed over the target, so an interrupted write never leaves half a file."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from axissim.errors import InputError


def check_file(path: Path | str) -> Path:
    """`path`, when a file can be written there: refused when it is a folder, or when a file
    stands where a folder above it would be."""
    path = Path(path)
    if path.is_dir():
        raise InputError(str(path), "", "expected a file to write, but this is a folder")
    check_parents(path)
    return path


def check_parents(path: Path) -> None:
    """Refuse `path` when the nearest existing folder above it is a file, not a folder."""
    for parent in path.parents:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                raise InputError(
                    str(path), "", f"cannot write here: {parent} is a file, not a folder"
                )
            return


def write_atomic(path: Path | str, write: Callable[[Path], Any]) -> Path:
    """Call write(temporary_path) in path's folder, then rename over path: never half-written.

    The temporary file is created normally (not by mkstemp), so the result gets the usual
    permissions under the umask; a failed write leaves no temporary file behind.
    """
    import uuid  # here: a refusal of bad input need not load it

    path = check_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write(temporary)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def write_text(path: Path | str, text: str) -> Path:
    """UTF-8 text."""
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_csv(path: Path | str, frame) -> Path:
    """A data frame as CSV, without its index."""
    return write_atomic(path, lambda tmp: frame.to_csv(tmp, index=False))


def write_parquet(path: Path | str, frame) -> Path:
    """A data frame as Parquet, without its index."""
    return write_atomic(path, lambda tmp: frame.to_parquet(tmp, index=False))


def stdout_file() -> Path | None:
    """The regular file standard output goes to, where the system says (Linux); else None."""
    try:
        target = Path(os.readlink("/proc/self/fd/1"))
    except OSError:
        return None
    return target if target.is_file() else None


def cut_at_redirect(text: str) -> str | None:
    """What an argument was before the shell cut it at '>', or None if it does not look cut.

    Unquoted, `relations.RUS->IRN.treaty=1` reaches the program as `relations.RUS-`, and the
    shell sends standard output to a new file `IRN.treaty=1`. An argument ending in '-' looks
    cut; when standard output goes to an empty file, that file is the rest of it.
    """
    if not text.endswith("-"):
        return None
    target = stdout_file()
    if target is None or target.stat().st_size:
        return f"{text}>..."
    return f"{text}>{os.path.relpath(target)}"


def quote_hint(whole: str, quoted: str) -> str:
    """How to write an argument the shell cut at '>' (`whole`, from cut_at_redirect), as
    `quoted` shows it quoted; and the file the shell made of the rest, to delete."""
    text = f"it looks cut at '>' (the shell reads -> as a redirect): quote it, {quoted}"
    rest = whole.partition(">")[2]
    return text + (f", and delete the file {rest!r} the shell made" if rest != "..." else "")
