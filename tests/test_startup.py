"""The command line answers at once: the help and a refusal of bad input load none of the heavy
libraries, NumPy included (the real evidence: a subprocess's sys.modules), and finish well within
a second (a smoke bound: machines vary), and the package's layers import only downwards."""

from __future__ import annotations

import ast
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import BASELINE, ROOT

HEAVY = ("numpy", "mesa", "pandas", "matplotlib", "scipy")
WALL_SECONDS = 1.0
"""Generous: about 0.1 s for the help and 0.2-0.3 s for a refusal on a quiet machine."""

PROBE = """
import sys
from axissim.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit_:
    code = exit_.code
heavy = sorted({HEAVY!r} & set(sys.modules))
print("heavy:", ",".join(heavy), "code:", code, file=sys.stderr)
""".replace("{HEAVY!r}", repr(set(HEAVY)))


def bad_yaml(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\nsteps: [\n")
    return path


def bad_scalar(tmp_path: Path) -> Path:
    """YAML that parses, with a value the schema refuses (`yes` is text in YAML 1.2)."""
    path = tmp_path / "bad_scalar.yaml"
    path.write_text("name: x\nsteps: yes\n")
    return path


def bad_sweep(tmp_path: Path) -> Path:
    """A sweep file of the baseline with a value its schema refuses."""
    path = tmp_path / "bad_sweep.yaml"
    path.write_text(
        f"scenario: {BASELINE}\ndesign: grid\nreplicates: yes\n"
        "parameters: [{path: seed, values: [1, 2]}]\n"
    )
    return path


CASES = {
    "help": lambda tmp: ["--help"],
    "missing file": lambda tmp: ["check", str(tmp / "nowhere.yaml")],
    "bad YAML": lambda tmp: ["check", str(bad_yaml(tmp))],
    "bad scalar": lambda tmp: ["check", str(bad_scalar(tmp))],
    "bad scalar, run": lambda tmp: ["run", str(bad_scalar(tmp))],
    "bad scalar, explain": lambda tmp: ["explain", str(bad_scalar(tmp)), "RUS", "israel_iran"],
    "bad scalar, tipping": lambda tmp: ["tipping", str(bad_scalar(tmp))],
    "bad scalar, calibrate": lambda tmp: ["calibrate", str(bad_scalar(tmp))],
    "unknown decider": lambda tmp: ["explain", str(BASELINE), "XYZ", "israel_iran"],
    "report of no folder": lambda tmp: ["report", str(tmp / "results" / "nowhere")],
    "plot of a file": lambda tmp: ["plot", str(bad_yaml(tmp))],
    "discover of no folder": lambda tmp: ["discover", str(tmp / "nowhere"), "--outcome", "x"],
    "bad sweep file": lambda tmp: ["sweep", str(bad_sweep(tmp)), "--out", str(tmp / "out")],
    "bad value": lambda tmp: ["check", str(BASELINE), "--set", "seed=-1"],
    "bad --set": lambda tmp: ["run", str(BASELINE), "--set", "relations.RUS-"],
    "unknown command": lambda tmp: ["chek"],
    "--out a file": lambda tmp: ["run", str(BASELINE), "--out", str(BASELINE)],
    "a billion replicates": lambda tmp: ["run", str(BASELINE), "--replicates", "1000000000"],
}


@pytest.mark.parametrize("case", CASES)
def test_help_and_refusals_load_no_heavy_library(case, tmp_path):
    argv = CASES[case](tmp_path)
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, cwd=tmp_path
    )
    last = proc.stderr.splitlines()[-1]
    assert last == f"heavy:  code: {0 if case == 'help' else 2}", proc.stderr


@pytest.mark.parametrize(
    "case", ["help", "missing file", "bad YAML", "bad scalar", "bad value", "a billion replicates"]
)
def test_help_and_refusals_answer_within_a_second(case, tmp_path):
    argv = CASES[case](tmp_path)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "axissim", *argv], capture_output=True, text=True, cwd=tmp_path
    )
    seconds = time.perf_counter() - start
    assert proc.returncode == (0 if case == "help" else 2), proc.stderr
    assert seconds < WALL_SECONDS, f"{case}: {seconds:.2f} s"


def test_import_axissim_is_light():
    code = "import sys, axissim, axissim.wording, axissim.scenario\n"
    code += "print(sorted({m} & {*sys.modules}))"
    heavy = {"mesa", "pandas", "matplotlib", "scipy", "numpy", "pydantic"}
    proc = subprocess.run(
        [sys.executable, "-c", code.replace("{m}", repr(heavy))],
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.strip() == "[]"
    import axissim

    assert {"DiplomacyModel", "run_batch", "load_scenario", "Scenario", "InputError"} <= set(
        dir(axissim)
    )
    assert axissim.load_scenario(BASELINE).name == "iran_2025"
    assert isinstance(axissim.__version__, str)


LAYERS = [
    ("axissim.errors", "axissim.levels", "axissim.files", "axissim.wording", "axissim.limits"),
    ("axissim.bars",),
    ("axissim.engine.interests",),
    ("axissim.scenario", "axissim.data"),
    ("axissim.engine",),
    ("axissim.abm.model", "axissim.abm.agents"),
    ("axissim.charts",),
    ("axissim.folders",),
    ("axissim.studies",),
    ("axissim.readers",),
    ("axissim.abm.app", "axissim.cli", "axissim.__main__"),
]
"""Low to high: a module may import its own layer and those below, never above."""


def layer(module: str) -> int | None:
    found = [
        (len(prefix), i)
        for i, prefixes in enumerate(LAYERS)
        for prefix in prefixes
        if module == prefix or module.startswith(prefix + ".")
    ]
    return max(found)[1] if found else None


def imports(path: Path) -> list[str]:
    """The axissim modules a file imports, outside `if TYPE_CHECKING:` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    names = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        elif isinstance(node, ast.Import):
            names += [a.name for a in node.names]
    return [n for n in names if n.startswith("axissim.")]


def test_no_import_goes_up_a_layer():
    source = ROOT / "src"
    wrong = []
    for path in sorted((source / "axissim").rglob("*.py")):
        module = ".".join(path.relative_to(source).with_suffix("").parts).removesuffix(".__init__")
        mine = layer(module)
        wrong += [
            f"{module} imports {name}"
            for name in imports(path)
            if mine is not None and (layer(name) or 0) > mine
        ]
    assert wrong == []


def test_wording_imports_only_the_levels():
    assert imports(ROOT / "src" / "axissim" / "wording.py") == [
        "axissim.levels",
        "axissim.levels.LEVEL_NAMES",
    ]
