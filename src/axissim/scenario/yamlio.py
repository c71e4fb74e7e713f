"""Safe YAML reading: clear errors for syntax, emptiness and alias bombs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from axissim.scenario.errors import ScenarioError

MAX_NODES = 200_000
"""A document that would expand to more nodes than this is refused before it is expanded."""


def _expanded_size(node: yaml.Node, memo: dict[int, int], depth: int = 0) -> int:
    """Nodes the document would have with every alias expanded, computed without expanding."""
    key = id(node)
    if key in memo:
        return memo[key]
    if depth > 200:
        return MAX_NODES + 1
    memo[key] = MAX_NODES + 1  # a self-referencing alias counts as too big
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(
            _expanded_size(k, memo, depth + 1) + _expanded_size(v, memo, depth + 1)
            for k, v in node.value
        )
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(v, memo, depth + 1) for v in node.value)
    else:
        size = 1
    memo[key] = min(size, MAX_NODES + 1)
    return memo[key]


def read_yaml(path: Path | str, what: str = "a mapping") -> dict[str, Any]:
    """Read a YAML file that must hold a mapping; any problem is a ScenarioError naming the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(str(path), "", "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(str(path), "", f"cannot read file: {exc}") from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ScenarioError(str(path), "", f"file is empty; expected {what}")
        if _expanded_size(node, {}) > MAX_NODES:
            raise ScenarioError(
                str(path), "", f"YAML aliases expand to more than {MAX_NODES} nodes; refused"
            )
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(unknown place)"
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(str(path), where, f"invalid YAML: {problem}") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ScenarioError(
            str(path), "", f"expected {what} at the top level, got {type(data).__name__}"
        )
    return data
