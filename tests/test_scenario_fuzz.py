"""Fuzz: mutated scenarios, weights files, sweep files and --set overrides never crash.

Each example takes a shipped file, mutates its document (deletions, type swaps, huge, negative
and non-finite numbers, unicode keys, deep nesting) and then its text (YAML 1.1 scalars,
duplicated lines and keys, tags, aliases), and feeds it to `axissim check` (or, for sweeps, to
the sweep reader). The outcome must be exit 0, or exit 2 with one line on stderr (a
InputError): never another exception, and within a few seconds. The examples are
derandomized, so every run (and CI) tries the same ones.
"""

from __future__ import annotations

import contextlib
import copy
import io
import math
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from axissim.cli import main
from axissim.errors import InputError
from axissim.scenario.yamlio import read_yaml
from axissim.studies.sweep.spec import read_sweep

ROOT = Path(__file__).resolve().parents[1]
SECONDS = 5.0
"""Longest time one example may take (they take milliseconds; a hang or a blow-up fails)."""

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,  # time is checked by hand against SECONDS: noisy machines make deadlines flaky
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A copy of the scenarios folder to write mutated files into."""
    target = tmp_path_factory.mktemp("fuzz") / "scenarios"
    shutil.copytree(ROOT / "scenarios", target, ignore=shutil.ignore_patterns("*.parquet"))
    return target


def nest(depth: int) -> Any:
    value: Any = 1
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


ODD_VALUES = st.one_of(
    st.sampled_from(
        [
            math.nan,
            math.inf,
            -math.inf,
            10**30,
            -(10**30),
            2**64,
            2**63,
            -1,
            0,
            1e308,
            -1e-308,
            5e-324,
            True,
            False,
            None,
            "",
            "yes",
            "NO",
            "030",
            "1:30",
            "2025-13-45",
            "2025-06-01",
            "..",
            ".inf",
            "\u202e\u0000",
            "😀" * 3,
            "x" * 5000,
            "../../../../etc/passwd",
            "/dev/zero",
        ]
    ),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.lists(st.integers(-3, 40), max_size=4),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.integers(1, 150).map(nest),
)

RAW_SCALARS = [
    "yes", "No", "ON", "off", "y", "030", "0o17", "0x1F", "0b11", "1:30", "1_000", "2025-13-45",
    "2025-06-01", "~", "null", ".NaN", "-.inf", "1e999", "-0", "+12", "!!binary aGk=",
    "!!timestamp 2025-01-01", "!!float x", "!!int 030", "!!str 12", "!custom x", "&a 1", "*a",
    "*nowhere", "{<<: {a: 1}}", "[1, [2, [3]]]", "'unterminated", "\"\\x00\"", "|\n  block",
    "{a: 1, a: 2}", "&b [1, *b]",
]  # fmt: skip


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path in a document, the root included."""
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += paths(value, (*prefix, i))
    return out


def get(doc: Any, path: tuple) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def mutate_document(data, doc: dict) -> dict:
    """A few structural mutations of a parsed document."""
    doc = copy.deepcopy(doc)
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        where = data.draw(st.sampled_from(paths(doc)[1:] or [()]), label="path")
        if not where:
            continue
        parent, last = get(doc, where[:-1]), where[-1]
        kind = data.draw(st.sampled_from(["delete", "replace", "swap", "add", "repeat"]))
        if kind == "delete":
            del parent[last]
        elif kind == "replace":
            parent[last] = data.draw(ODD_VALUES, label="value")
        elif kind == "swap":  # a mapping becomes a list, a list a mapping, a scalar a list
            value = parent[last]
            if isinstance(value, dict):
                parent[last] = list(value.values())
            elif isinstance(value, list):
                parent[last] = {str(i): v for i, v in enumerate(value)}
            else:
                parent[last] = [value]
        elif kind == "add" and isinstance(parent, dict):
            key = data.draw(st.text(min_size=1, max_size=6), label="key")
            parent[key] = data.draw(ODD_VALUES, label="value")
        elif kind == "repeat" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    return doc


def mutate_text(data, text: str) -> str:
    """A few textual mutations: raw YAML 1.1 scalars, tags and aliases, repeated or removed
    lines (duplicate keys), deep nesting, an alias bomb."""
    lines = text.splitlines()
    for _ in range(data.draw(st.integers(0, 3), label="text mutations")):
        if not lines:
            break
        i = data.draw(st.integers(0, len(lines) - 1), label="line")
        kind = data.draw(st.sampled_from(["scalar", "repeat", "remove", "deep", "bomb", "bytes"]))
        if kind == "scalar" and ": " in lines[i]:
            head = lines[i].split(": ")[0]
            lines[i] = f"{head}: {data.draw(st.sampled_from(RAW_SCALARS), label='raw')}"
        elif kind == "repeat":
            lines.insert(i, lines[i])
        elif kind == "remove":
            del lines[i]
        elif kind == "deep":
            depth = data.draw(st.integers(50, 3000), label="depth")
            lines.append("deep: " + "[" * depth + "]" * depth)
        elif kind == "bomb":
            lines += ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
            lines += [f"l{j}: &l{j} [" + ", ".join([f"*l{j - 1}"] * 10) + "]" for j in range(1, 8)]
        elif kind == "bytes":
            lines[i] += data.draw(st.sampled_from(["\t", "\x07", "\ufeff", "\x85", " #", ":"]))
    return "\n".join(lines) + "\n"


def dump(doc: Any) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def check_command(path: Path, *args: str) -> None:
    """`axissim check`: exit 0, or exit 2 with one error line; in bounded time."""
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", str(path), *args])
    assert time.perf_counter() - start < SECONDS
    assert code in (0, 2), (code, err.getvalue())
    if code == 2:
        text = err.getvalue()
        assert text.startswith("axissim: error: ") and text.count("\n") == 1, text
        assert "Traceback" not in text


@pytest.mark.slow  # 5-7 s
@settings(FUZZ, max_examples=150)
@given(data=st.data())
def test_mutated_scenarios_never_crash(folder: Path, data) -> None:
    doc = read_yaml(folder / "iran_2025.yaml")
    text = mutate_text(data, dump(mutate_document(data, doc)))
    path = folder / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    check_command(path)


@settings(FUZZ, max_examples=80)
@given(data=st.data())
def test_mutated_weights_files_never_crash(folder: Path, data) -> None:
    doc = read_yaml(folder / "weights" / "baseline.yaml")
    text = mutate_text(data, dump(mutate_document(data, doc)))
    (folder / "weights" / "fuzz.yaml").write_text(text, encoding="utf-8")
    scenario = folder / "fuzz_weights.yaml"
    scenario.write_text("extends: iran_2025.yaml\nweights: weights/fuzz.yaml\n", encoding="utf-8")
    check_command(scenario)


SWEEPS = ["russia_iran_treaty.yaml", "china_oil_vs_russia_treaty.yaml"]


@settings(FUZZ, max_examples=60)
@given(data=st.data())
def test_mutated_sweep_files_never_crash(folder: Path, data) -> None:
    name = data.draw(st.sampled_from(SWEEPS), label="sweep")
    doc = read_yaml(folder / "sweeps" / name)
    text = mutate_text(data, dump(mutate_document(data, doc)))
    path = folder / "sweeps" / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    try:
        read_sweep(path)
    except InputError as exc:
        assert "\n" not in str(exc)
    assert time.perf_counter() - start < SECONDS


@settings(FUZZ, max_examples=100)
@given(data=st.data())
def test_random_overrides_never_crash(folder: Path, data) -> None:
    doc = read_yaml(folder / "iran_2025.yaml")
    where = data.draw(st.sampled_from(paths(doc)[1:]), label="path")
    key = ".".join(str(part) for part in where)
    key = data.draw(st.sampled_from([key, key + ".x", key.upper(), key + ".0", "weights"]))
    value = data.draw(
        st.one_of(
            st.sampled_from(RAW_SCALARS),
            ODD_VALUES.map(lambda v: yaml.safe_dump(v, default_flow_style=True).strip()),
            st.text(max_size=20),
        ),
        label="value",
    )
    check_command(folder / "iran_2025.yaml", "--set", f"{key}={value}")
