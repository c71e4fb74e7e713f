"""Safe YAML reading: clear errors for syntax, emptiness, deep nesting and alias bombs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from axissim.errors import InputError

MAX_NODES = 200_000
"""A document that would expand to more nodes than this is refused before it is expanded."""
MAX_DEPTH = 100
"""A document nested deeper than this is refused (it would exhaust the stack further on)."""

TOO_DEEP = f"YAML nested deeper than {MAX_DEPTH} levels; refused"


class _Refused(Exception):
    """The document is refused before it is expanded; the message says why."""


def _refuse_duplicate_keys(node: yaml.MappingNode) -> None:
    """A key written twice in one mapping would silently drop the first value: refuse it."""
    seen: set[str] = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in seen:
                line = key.start_mark.line + 1
                raise _Refused(
                    f"key {key.value!r} appears twice in one mapping (again at line {line})"
                )
            seen.add(key.value)


def _expanded_size(node: yaml.Node, memo: dict[int, int | None], depth: int = 0) -> int:
    """Nodes the document would have with every alias expanded, counted without expanding."""
    key = id(node)
    if key in memo:
        if memo[key] is None:
            raise _Refused("a YAML alias refers to a node that contains it; refused")
        return memo[key]
    if depth > MAX_DEPTH:
        raise _Refused(TOO_DEEP)
    memo[key] = None  # being counted
    if isinstance(node, yaml.MappingNode):
        _refuse_duplicate_keys(node)
        children = [part for pair in node.value for part in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
    else:
        children = []
    size = 1 + sum(_expanded_size(child, memo, depth + 1) for child in children)
    if size > MAX_NODES:
        raise _Refused(f"YAML aliases would expand to more than {MAX_NODES} nodes; refused")
    memo[key] = size
    return size


def _unshare(value: Any) -> Any:
    """A copy in which every alias is its own object, so that changing one spot changes no other."""
    if isinstance(value, dict):
        return {key: _unshare(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unshare(item) for item in value]
    return value


def parse_yaml(text: str, file: str, path: str = "") -> Any:
    """Parse one YAML document; None if it is empty.

    Syntax errors propagate as yaml.YAMLError. A document nested too deeply or whose aliases
    would expand too far (an alias bomb) is a InputError naming `file` and `path`, raised
    before anything is expanded.
    """
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _expanded_size(node, {})
        return _unshare(loader.construct_document(node))
    except _Refused as exc:
        raise InputError(file, path, str(exc)) from None
    except RecursionError:
        raise InputError(file, path, TOO_DEEP) from None
    finally:
        loader.dispose()


def _kind(value: Any) -> str:
    names = {list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean"}
    return names.get(type(value), type(value).__name__)


def read_yaml(path: Path | str, what: str = "a mapping") -> dict[str, Any]:
    """Read a YAML file that must hold a mapping; any problem is a InputError naming the file."""
    path = Path(path)
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(file, "", "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(file, "", f"cannot read file: {exc}") from None
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
