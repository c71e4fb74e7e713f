"""Safe YAML reading: bounded files, YAML 1.2 core scalars, and a clear error for syntax,
emptiness, deep nesting, alias bombs, duplicate keys and keys that are not text.

Documents are built from the parser's event stream (libyaml's when installed) rather than by
PyYAML's constructor, whose YAML 1.1 rules read `yes`, `no`, `on` and `off` as booleans,
`030` as octal, `1:30` as sexagesimal and `2025-13-45` as a date that crashes. Here plain
scalars follow the YAML 1.2 core schema: `true`/`false`, `null`/`~`/empty, decimal, `0o` and
`0x` integers, decimal floats and `.inf`/`.nan`; anything else is a string.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from axissim.errors import InputError
from axissim.files import cut_at_redirect, quote_hint

MAX_BYTES = 20_000_000
"""Input files (scenario, extends, weights, sweep) larger than this (20 MB) are refused unread:
the largest real scenario (150 countries, 22,350 relations) is about 1.4 MB."""
MAX_NODES = 3_000_000
"""A document with more nodes than this is refused while it is read (a 300-country scenario
with every relation written out in full has about 2 million)."""
MAX_ALIAS_NODES = 100_000
"""Nodes that aliases may add to a document by repeating what an anchor names; more is an
alias bomb, refused before it is built."""
MAX_DEPTH = 100
"""A document nested deeper than this is refused (it would exhaust the stack further on)."""

NEAR_NAME = 0.8
"""How alike (difflib's ratio) a file's name must be to a missing one's to be suggested."""

TOO_DEEP = f"YAML nested deeper than {MAX_DEPTH} levels; refused"

Path_ = tuple[str | int, ...]

_CORE = "tag:yaml.org,2002:"
_SPECIAL: dict[str, Any] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    **{
        f"{sign}.{inf}": (-math.inf if sign == "-" else math.inf)
        for sign in ("", "+", "-")
        for inf in ("inf", "Inf", "INF")
    },
    **{f".{nan}": math.nan for nan in ("nan", "NaN", "NAN")},
}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NUMBER_START = frozenset("0123456789+-.")
_KIND = {bool: "a boolean", int: "a number", float: "a number", type(None): "null"}


class _Found(Exception):
    """`line_of` found the whole path: no need to read further."""


class _Refused(Exception):
    """The document is refused while it is read; the message says why, `line` and `path` where
    (`path` None: the value being read; () the document as a whole)."""

    def __init__(self, message: str, line: int | None = None, path: Path_ | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.path = path


def _integer(text: str, line: int) -> int:
    base = 16 if text.startswith("0x") else 8 if text.startswith("0o") else 10
    digits = text[2:] if base != 10 else text
    try:
        return int(digits, base)
    except ValueError:  # Python refuses to convert more than 4300 digits
        raise _Refused(f"an integer of {len(digits)} digits; refused", line) from None


def core_scalar(text: str, line: int = 0) -> Any:
    """A plain scalar as the YAML 1.2 core schema reads it."""
    if text in _SPECIAL:
        return _SPECIAL[text]
    if text[0] in _NUMBER_START:
        if _INT.match(text) or _OCT.match(text) or _HEX.match(text):
            return _integer(text, line)
        if _FLOAT.match(text):
            return float(text)
    return text


def _tagged(tag: str, text: str, line: int) -> Any:
    """A scalar with an explicit tag: only the core schema's own (`!!str`, `!!int`, ...)."""
    if tag == "!" or tag == _CORE + "str":
        return text
    kind = tag.removeprefix(_CORE)
    value = core_scalar(text, line) if text else None
    ok = {
        "int": type(value) is int,
        "float": type(value) in (int, float),
        "bool": type(value) is bool,
        "null": value is None,
    }.get(kind)
    if ok is None:
        raise _Refused(f"unsupported YAML tag {_short_tag(tag)}; write a plain value", line)
    if not ok:
        raise _Refused(f"{text!r} is not a valid {_short_tag(tag)}", line)
    return float(value) if kind == "float" else value


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


def _copy(value: Any) -> Any:
    """A copy in which nothing is shared, so that changing one spot changes no other."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


class _Frame:
    """A mapping or sequence being built."""

    __slots__ = ("anchor", "key", "mapping", "size", "value")

    def __init__(self, value: dict | list, anchor: str | None) -> None:
        self.value = value
        self.anchor = anchor
        self.size = 1
        self.key: Any = _NO_KEY
        self.mapping = isinstance(value, dict)


_NO_KEY = object()


class _Builder:
    """Builds one document from parser events, checking limits as it goes.

    With `want` (a YAML path) it also records the line where that path, or the deepest part
    of it present, is written: `found` is (line, depth matched).
    """

    def __init__(self, loader: Any, want: Path_ | None = None) -> None:
        self.loader = loader
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int] | None] = {}
        self.added = 0
        self.want = want
        self.found: tuple[int, int] | None = None

    def path(self) -> Path_:
        """The YAML path of the value being read."""
        parts: list[str | int] = []
        for frame in self.stack:
            if not frame.mapping:
                parts.append(len(frame.value))
            elif frame.key is not _NO_KEY:
                parts.append(frame.key)
            else:
                break
        return tuple(parts)

    def build(self) -> Any:
        get = self.loader.get_event
        get()  # stream start
        event = get()
        if isinstance(event, yaml.StreamEndEvent):
            return None
        result = self._document(get)
        event = get()
        if not isinstance(event, yaml.StreamEndEvent):
            raise _Refused("expected one YAML document, found another", _line(event), ())
        return result

    def _document(self, get: Any) -> Any:
        try:
            return self._read(get)
        except _Refused as exc:
            if exc.path is None:  # about the value being read: say where it is
                exc.path = self.path()
            raise

    def _read(self, get: Any) -> Any:
        """The document's value; the hot loop, so plain keys and scalars take a short path."""
        result: Any = None
        stack = self.stack
        special, numeric, miss = _SPECIAL, _NUMBER_START, _NO_KEY
        scalar_event, end_events = yaml.ScalarEvent, (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        want = self.want is not None
        nodes = 0
        while True:
            event = get()
            kind = type(event)
            if kind is scalar_event:
                nodes += 1
                text = event.value
                if event.tag is not None:
                    value = _tagged(event.tag, text, _line(event))
                elif not event.implicit[0]:
                    value = text
                else:
                    value = special.get(text, miss)
                    if value is miss:
                        value = core_scalar(text, _line(event)) if text[0] in numeric else text
                size = 1
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
            elif kind in end_events:
                frame = stack.pop()
                value, size = frame.value, frame.size
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (value, size)
            elif kind is yaml.AliasEvent:
                value, size = self._alias(event.anchor, _line(event))
            elif kind is yaml.DocumentEndEvent:
                return result
            else:  # the start of a mapping or a sequence
                nodes += 1
                self._open(event, kind is yaml.MappingStartEvent, _line(event))
                continue
            if nodes > MAX_NODES:
                message = f"YAML document has more than {MAX_NODES:,} nodes; refused"
                raise _Refused(message, _line(event), ())
            if not stack:
                result = value
                continue
            frame = stack[-1]
            frame.size += size
            container = frame.value
            if frame.mapping:
                key = frame.key
                if key is miss:
                    if type(value) is not str or value in container or value == "<<" or want:
                        self._key(frame, value, _line(event))
                    frame.key = value
                else:
                    container[key] = value
                    frame.key = miss
            else:
                if want and kind is scalar_event:
                    self._note(_line(event))
                container.append(value)

    def _alias(self, anchor: str, line: int) -> tuple[Any, int]:
        """A copy of what the anchor names, counting the nodes it adds."""
        if anchor not in self.anchors:
            raise _Refused(f"unknown YAML alias *{anchor}", line, self.path())
        held = self.anchors[anchor]
        if held is None:
            raise _Refused("a YAML alias refers to a node that contains it; refused", line)
        value, size = held
        self.added += size
        if self.added > MAX_ALIAS_NODES:
            raise _Refused(
                f"YAML aliases would add more than {MAX_ALIAS_NODES:,} nodes; refused", line
            )
        return _copy(value), size

    def _open(self, event: Any, mapping: bool, line: int) -> None:
        """Start a mapping or a sequence."""
        tag = event.tag
        if tag is not None and tag not in ("!", _CORE + ("map" if mapping else "seq")):
            raise _Refused(f"unsupported YAML tag {_short_tag(tag)}", line, self.path())
        if len(self.stack) >= MAX_DEPTH:
            raise _Refused(TOO_DEEP, line, ())
        if self.want is not None:
            self._note(line)
        self.stack.append(_Frame({} if mapping else [], event.anchor))
        if event.anchor is not None:
            self.anchors[event.anchor] = None  # being built

    def _key(self, frame: _Frame, key: Any, line: int) -> None:
        """Check a mapping key (the short path in `_document` takes plain new text keys)."""
        if not isinstance(key, str):
            raise _Refused(_not_text(key), line, self.path())
        if key == "<<":
            raise _Refused(
                "YAML merge keys (<<) are not read (YAML 1.2); write the keys out, "
                "or use `extends` for a whole scenario",
                line,
                self.path(),
            )
        if key in frame.value:
            raise _Refused(
                f"key {key!r} appears twice in one mapping",
                line,
                self.path(),
            )
        if self.want is not None:
            frame.key = key
            self._note(line)

    def _note(self, line: int) -> None:
        """Record `line` if the path being read is a longer part of `want` than found so far."""
        path = self.path()
        depth = len(path)
        deeper = self.found is None or depth > self.found[1]
        if 0 < depth <= len(self.want) and self.want[:depth] == path and deeper:
            self.found = (line, depth)
            if depth == len(self.want):
                raise _Found


def _line(event: Any) -> int:
    return event.start_mark.line + 1


def _not_text(key: Any) -> str:
    if isinstance(key, dict | list):
        return "a mapping key must be text, got a mapping or a list"
    shown = "null" if key is None else str(key).lower() if isinstance(key, bool) else repr(key)
    return (
        f"key {shown} is read as {_KIND.get(type(key), 'a value')}, not text; "
        f'quote it ("{shown}") if it is a name'
    )


def _loader(text: str) -> Any:
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader_class(text)


def parse_yaml(text: str, file: str, path: Path_ | str = (), lines: bool = True) -> Any:
    """Parse one YAML document with YAML 1.2 core scalars; None if it is empty.

    Syntax errors propagate as yaml.YAMLError. A document nested too deeply, too large, whose
    aliases would add too many nodes (an alias bomb), with a key written twice or a key that is
    not text is a InputError naming `file`, the YAML path (under `path`) and, if `lines`,
    the line.
    """
    prefix = (path,) if isinstance(path, str) and path else () if isinstance(path, str) else path
    try:
        loader = _loader(text)
    except UnicodeEncodeError:
        raise InputError(file, prefix, "text that is not valid Unicode; refused") from None
    try:
        return _Builder(loader).build()
    except _Refused as exc:
        line = exc.line if lines else None
        raise InputError(file, (*prefix, *(exc.path or ())), str(exc), line) from None
    except RecursionError:
        raise InputError(file, prefix, TOO_DEEP) from None
    finally:
        loader.dispose()


def not_found(path: Path | str) -> str:
    """Why `path` cannot be read when it does not exist: "file not found", with the closest
    name in its folder, or how to quote a path the shell cut at '>'."""
    path = Path(path)
    message = "file not found"
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
        loader = _loader(read_text(file))
    except (InputError, UnicodeEncodeError):
        return None
    builder = _Builder(loader, want=tuple(path))
    try:
        builder.build()
    except _Found:
        pass
    except (yaml.YAMLError, _Refused, RecursionError):
        return None
    finally:
        loader.dispose()
    return builder.found[0] if builder.found else None
