"""Validate the merged document against the schema; turn pydantic's first error into one clear
InputError with a clean YAML path (no pydantic-internal location parts) and the right file."""

from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from axissim.errors import shorten
from axissim.scenario.merge import Merged, YamlPath
from axissim.scenario.schema import Scenario, Strict, UnknownKey

COUNTRY_PATTERN = r"^[A-Z]{3}$"


def _locate(error: ErrorDetails, data: Any) -> tuple[YamlPath, tuple[str | int, ...]]:
    """Split an error's pydantic loc into the YAML path it names and the group it belongs to.

    Parts that are no key or index of the input (union branches such as 'constrained-int' or
    'list[...]', '[key]') are dropped from the path, except the field a 'missing' error names.
    Errors from the branches of one union share a group: the loc up to the first dropped part.
    """
    loc, path = error["loc"], []
    node, cut = data, None
    for i, part in enumerate(loc):
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and type(part) is int and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
        elif not (error["type"] == "missing" and i == len(loc) - 1):
            cut = i if cut is None else cut
            continue
        path.append(part)
    return tuple(path), loc if cut is None else loc[:cut]


def _is_type_error(error: ErrorDetails) -> bool:
    return error["type"].endswith(("_type", "_parsing")) or error["type"] == "int_from_float"


def _explain(error: ErrorDetails) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required field is missing"
    if kind in ("value_error", "assertion_error"):
        return str(ctx["error"])
    msg = "Input should be a mapping" if kind in ("model_type", "dict_type") else error["msg"]
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == COUNTRY_PATTERN:
        msg = "expected a country id of 3 capital letters"
    return f"{msg}; got {shorten(error['input'])}"


def _explain_union(errors: list[ErrorDetails]) -> str:
    """All branches of a union refused the value's type: 'Input should be a or b; got x'."""
    heads = list(dict.fromkeys(e["msg"].split(",")[0] for e in errors))
    text = heads[0] + "".join(" or " + h.removeprefix("Input should be ") for h in heads[1:])
    return f"{text}; got {shorten(errors[0]['input'])}"


def _strict_inside(annotation: Any) -> type[Strict] | None:
    """The schema model a field holds, directly or inside a list, dict or union."""
    if isinstance(annotation, type) and issubclass(annotation, Strict):
        return annotation
    for arg in typing.get_args(annotation):
        found = _strict_inside(arg)
        if found is not None:
            return found
    return None


def _suggest(path: YamlPath) -> str:
    """For an unknown key, the closest field name the schema knows there, or all of them."""
    model: type[Strict] | None = Scenario
    held: type[Strict] | None = None
    for part in path[:-1]:
        if model is not None and part in model.model_fields:
            annotation = model.model_fields[part].annotation
            direct = isinstance(annotation, type) and issubclass(annotation, Strict)
            model, held = (annotation, None) if direct else (None, _strict_inside(annotation))
        else:  # a key of a mapping or an index of a list: step into what it holds
            model, held = held, None
    if model is None:
        return ""
    fields = list(model.model_fields)
    close = difflib.get_close_matches(str(path[-1]), fields, n=1)
    return f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(fields)}"


MAX_ERRORS = 1_000
"""Errors of one document looked at to choose the one to report (the others are counted)."""


def validate(merged: Merged) -> Scenario:
    """The validated scenario, or a InputError about the first problem pydantic found."""
    try:
        return Scenario.model_validate(merged.data)
    except ValidationError as exc:
        count = exc.error_count()
        errors = exc.errors(include_url=False)[:MAX_ERRORS]
    if errors[0]["type"] == "missing":  # a misspelt key is missing and unknown: say unknown
        parent = errors[0]["loc"][:-1]
        unknown = [e for e in errors if _unknown(e) is not None and _parent(e) == parent]
        errors = unknown[:1] + [e for e in errors if e not in unknown[:1]]
    located = [(e, *_locate(e, merged.data)) for e in errors]
    first, path, group = located[0]
    branches = [e for e, _, g in located if g == group]
    chosen = [e for e in branches if not _is_type_error(e)]
    if chosen:  # the union branch that accepted the value's type says what is wrong with it
        first, path, _ = next(item for item in located if item[0] is chosen[0])
        message = _explain(first)
    elif len(branches) > 1:
        message = _explain_union(branches)
    else:
        message = _explain(first)
    key = getattr(first.get("ctx", {}).get("error"), "key", None)
    if key is not None:  # a WeightError names the offending interest, an UnknownKey the key
        path = (*path, key)
    if _unknown(first) is not None:
        message += _suggest(path)
    more = len({g for _, _, g in located}) - 1 + (count - len(errors))
    if more:
        message += f" (and {more:,} more problem{'s' if more > 1 else ''})"
    raise merged.error(path, message)


def _unknown(error: ErrorDetails) -> str | int | None:
    """The key an unknown-key error names (pydantic's own, or the schema's UnknownKey)."""
    if error["type"] == "extra_forbidden":
        return error["loc"][-1]
    found = error.get("ctx", {}).get("error")
    return found.key if isinstance(found, UnknownKey) else None


def _parent(error: ErrorDetails) -> tuple:
    """The loc of the mapping an unknown-key error is about."""
    return error["loc"][:-1] if error["type"] == "extra_forbidden" else error["loc"]
