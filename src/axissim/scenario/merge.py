"""The merged scenario document: deep merge of an `extends` chain, `--set` overrides, and for
every YAML path the file that wrote its value, so errors can name the right file."""

from __future__ import annotations

from typing import Any

import yaml

from axissim.errors import InputError, shorten
from axissim.files import cut_at_redirect, quote_hint
from axissim.scenario.yaml12 import parse_yaml
from axissim.scenario.yamlio import line_of

YamlPath = tuple[str | int, ...]


def dotted(path: YamlPath) -> str:
    """('relations', 'RUS->IRN', 'treaty') -> 'relations.RUS->IRN.treaty', as --set writes it."""
    return ".".join(str(part) for part in path)


SET_SOURCE = "--set"
NOT_FILES = (SET_SOURCE, "(in memory)")
WHOLE = "priors"
"""A prior (`priors.<name>`) is one value: a distribution written over another replaces it, so
that a variant can change its kind ({normal: ...} over {lognormal: ...})."""


class Merged:
    """A merged document plus, for each path, the file that last wrote it."""

    def __init__(self, top_file: str) -> None:
        self.data: dict[str, Any] = {}
        self.origin: dict[YamlPath, str] = {(): top_file}
        self.moved: dict[YamlPath, YamlPath] = {}  # path -> where its file writes it
        self.rank: dict[str, int] = {}  # file -> the order it was merged in

    def merge(self, data: dict[str, Any], file: str) -> None:
        """Deep-merge `data` over the document: mappings key by key; lists and scalars replace."""
        self.rank.setdefault(file, len(self.rank))
        self.data = self._merge(self.data, data, (), file)

    def _merge(self, base: Any, over: Any, path: YamlPath, file: str) -> Any:
        whole = len(path) == 2 and path[0] == WHOLE
        if isinstance(base, dict) and isinstance(over, dict) and not whole:
            self.origin.setdefault(path, file)
            out = dict(base)
            for key, value in over.items():
                out[key] = self._merge(base.get(key), value, (*path, key), file)
            return out
        if isinstance(base, dict | list):
            self._forget(path)
        self._mark(over, path, file)
        return over

    def set(
        self, path: YamlPath, value: Any, file: str, written_at: YamlPath | None = None
    ) -> None:
        """Put `value` at `path` (creating mappings on the way), written by `file` (at
        `written_at` in it, if that is another path: a weights file's `temperature`)."""
        self.rank.setdefault(file, len(self.rank))
        node: Any = self.data
        for depth, part in enumerate(path[:-1]):
            here = path[: depth + 1]
            if isinstance(node, list):
                node = node[_index(node, part, file, here)]
            elif isinstance(node, dict):
                if part not in node:
                    node[part] = {}
                    self.origin[here] = file
                node = node[part]
            else:
                raise _not_a_container(file, path[:depth], node)
        last = path[-1]
        if isinstance(node, list):
            last = _index(node, last, file, path)
        elif not isinstance(node, dict):
            raise _not_a_container(file, path[:-1], node)
        node[last] = value
        self._forget(path)
        self._mark(value, path, file)
        if written_at is not None and written_at != path:
            self.moved[path] = written_at

    def _forget(self, path: YamlPath) -> None:
        cut = len(path)
        for stale in [p for p in self.origin if len(p) > cut and p[:cut] == path]:
            del self.origin[stale]
        for stale in [p for p in self.moved if p[:cut] == path]:
            del self.moved[stale]

    def _mark(self, value: Any, path: YamlPath, file: str) -> None:
        self.origin[path] = file
        if self.moved:
            self.moved.pop(path, None)
        if isinstance(value, dict):
            for key, item in value.items():
                self._mark(item, (*path, key), file)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self._mark(item, (*path, index), file)

    def file_of(self, path: YamlPath) -> str:
        """The file that wrote `path`, or else its nearest enclosing mapping or list."""
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.origin:
                return self.origin[path[:cut]]
        return self.origin[()]

    def latest(self, paths: list[YamlPath]) -> YamlPath:
        """Of several paths that together make a problem, the one written last (by the file
        merged last, or --set): most likely the change that made it."""
        ranked = [(self.rank.get(self.file_of(path), -1), i) for i, path in enumerate(paths)]
        return paths[max(ranked)[1]]

    def error(self, path: YamlPath, message: str) -> InputError:
        """A InputError about `path`: the file that wrote it and, if it can be found again,
        the line where that file writes it (or the nearest enclosing key it writes)."""
        file = self.file_of(path)
        written_at = self._written_at(path)  # as the file writes it: a weights file's temperature
        line = None if file in NOT_FILES else line_of(file, written_at)
        return InputError(file, written_at, message, line)

    def _written_at(self, path: YamlPath) -> YamlPath:
        for cut in range(len(path), 0, -1):
            if path[:cut] in self.moved:
                return (*self.moved[path[:cut]], *path[cut:])
        return path


def _not_a_container(file: str, path: YamlPath, node: Any) -> InputError:
    message = f"expected a mapping or a list to set a value in; got {shorten(node, 40)}"
    return InputError(file, path, message)


def _index(node: list[Any], part: str | int, file: str, path: YamlPath) -> int:
    if isinstance(part, int) and part < len(node):
        return part
    if not node:
        raise InputError(file, path, "the list is empty: there is no index to set")
    raise InputError(file, path, f"expected a list index from 0 to {len(node) - 1}")


def parse_override(text: str) -> tuple[YamlPath, Any]:
    """'relations.RUS->IRN.treaty=1' -> (('relations', 'RUS->IRN', 'treaty'), 1).

    The value is read as YAML (so `[1, 2]` is a list); if it is no valid YAML, as a string.
    """
    key, sep, raw = text.partition("=")
    parts = key.strip().split(".")
    if not sep or not all(parts):
        message = f"expected dotted.path=value, got {text!r}"
        whole = cut_at_redirect(text) if not sep else None
        if whole is not None:
            message += "; " + quote_hint(whole, f"--set {whole!r}")
        raise InputError(SET_SOURCE, key.strip(), message)
    path = tuple(int(p) if p.isascii() and p.isdecimal() and len(p) < 19 else p for p in parts)
    try:
        value = parse_yaml(raw, SET_SOURCE, path, lines=False) if raw.strip() else ""
    except yaml.YAMLError:
        value = raw
    return path, value
