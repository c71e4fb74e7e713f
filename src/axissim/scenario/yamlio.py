"""Safe YAML files: bounded reading of regular files, and a clear error for a file that is
missing, not a regular file, too large, not UTF-8, not valid YAML, empty, or not a mapping.

The text is parsed by `axissim.scenario.yaml12` (YAML 1.2 core scalars, limits on nesting,
size and aliases, no duplicate keys).
"""

from __future__ import annotations

import difflib
import os
import stat
from pathlib import Path
from typing import Any

import yaml

from axissim.errors import InputError
from axissim.files import cut_at_redirect, quote_hint
from axissim.scenario.yaml12 import Path_, line_in, parse_yaml

MAX_BYTES = 20_000_000
"""Input files (scenario, extends, weights, sweep) larger than this (20 MB) are refused unread:
the largest real scenario (150 countries, 22,350 relations) is about 1.4 MB."""
NEAR_NAME = 0.8
"""How alike (difflib's ratio) a file's name must be to a missing one's to be suggested."""


def not_found(path: Path | str, what: str = "file") -> str:
    """Why `path` cannot be read when it does not exist: "file not found" (or another `what`),
    with the closest name in its folder, or how to quote a path the shell cut at '>'."""
    path = Path(path)
    message = f"{what} not found"
    whole = cut_at_redirect(str(path))
    if whole is not None:
        return f"{message}; {quote_hint(whole, repr(whole))}"
    near = _nearest(path)
    return message + (f"; did you mean {near}?" if near is not None and near != path else "")


def _nearest(path: Path) -> Path | None:
    """`path` if it exists, else the existing path most like it, folder by folder, if any."""
    if path.exists() or path == path.parent:
        return path
    folder = _nearest(path.parent)
    if folder is None:
        return None
    try:
        names = [e.name for e in folder.iterdir() if not e.name.startswith(".")]
    except OSError:
        return None
    near = difflib.get_close_matches(path.name, names, n=1, cutoff=NEAR_NAME)
    return folder / near[0] if near else None


def input_file(path: Path | str, what: str = "a file") -> Path:
    """`path`, when it is there to read; else an InputError saying what it is instead: missing
    (with the closest name), or a folder (with a YAML file in it). Nothing is read: the
    contents are checked by whoever reads them."""
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(str(path), "", not_found(path)) from None
    except OSError as exc:
        raise InputError(str(path), "", f"cannot read file: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        files = sorted(path.glob("*.yaml"))
        hint = f"; e.g. {files[0]}" if files else ""
        raise InputError(str(path), "", f"a folder, not {what}{hint}")
    return path


def read_text(path: Path | str) -> str:
    """The text of a regular file of at most MAX_BYTES, or a InputError naming it.

    Devices, pipes and folders are refused without reading (a pipe would block, /dev/zero would
    never end), and a file is refused by its size before a byte is read.
    """
    file = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(file, "", not_found(path)) from None
    except OSError as exc:
        raise InputError(file, "", f"cannot read file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a device, pipe or socket"
            raise InputError(file, "", f"not a regular file ({kind}); refused")
        if info.st_size > MAX_BYTES:
            raise InputError(file, "", _too_big(info.st_size))
        chunks, total = [], 0
        while total <= MAX_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_BYTES:  # it grew while being read
            raise InputError(file, "", _too_big(total))
    except OSError as exc:
        raise InputError(file, "", f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(file, "", f"cannot read file: not UTF-8 text ({exc.reason})") from None


def _too_big(size: int) -> str:
    return (
        f"file is {size / 1e6:.1f} MB; input files are limited to {MAX_BYTES // 1_000_000} MB; "
        "refused"
    )


def _kind(value: Any) -> str:
    names = {list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean"}
    return names.get(type(value), type(value).__name__)


def read_yaml(path: Path | str, what: str = "a mapping") -> dict[str, Any]:
    """Read a YAML file that must hold a mapping; any problem is a InputError naming the file."""
    file = str(path)
    text = read_text(path)
    try:
        data = parse_yaml(text, file)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(file, where, f"invalid YAML: {problem}") from None
    if data is None:
        raise InputError(file, "", f"file is empty; expected {what}")
    if not isinstance(data, dict):
        raise InputError(file, "", f"expected {what} at the top level, got {_kind(data)}")
    return data


def line_of(file: str, path: Path_) -> int | None:
    """The line of `file` where `path` (or the deepest part of it the file writes) is written;
    None if the file cannot be read again or writes no part of the path."""
    if not path:
        return None
    try:
        text = read_text(file)
    except InputError:
        return None
    return line_in(text, path)
