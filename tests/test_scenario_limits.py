"""Nothing silently wrong (issue 15): numbers finite and in range, impossible worlds refused,
YAML 1.2 core scalars, bounded input and safe paths. Each refusal names the file, the YAML
path and says what is wrong; once per class through `axissim check` (exit 2, one line)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
import yaml
from conftest import tiny_document
from test_scenario import check, edit, every_weight, fails, variant, weight_line, write

from axissim.cli import main
from axissim.engine.batch import world_seeds
from axissim.engine.interests import INTEREST_NAMES
from axissim.errors import InputError
from axissim.scenario import load_scenario
from axissim.scenario.checks import SHARE_TOLERANCE
from axissim.scenario.schema import (
    MAX_COUNTRIES,
    MAX_SEED,
    MAX_STEP_DECISIONS,
    MAX_STEPS,
)
from axissim.scenario.yaml12 import MAX_ALIAS_NODES
from axissim.scenario.yamlio import MAX_BYTES
from axissim.studies.sweep.spec import read_sweep

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "iran_2025.yaml"


@pytest.fixture
def scen(tmp_path: Path) -> Path:
    """A copy of the scenarios folder (baseline plus its weights file) to edit freely."""
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    return tmp_path / "scenarios"


def cli_error(capsys, path: Path | str, *args: str) -> str:
    """`axissim check path`: exit 2 and exactly one line on stderr, no traceback."""
    assert main(["check", str(path), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("axissim: error: "), err
    assert "Traceback" not in err
    return err.strip()


def weights_file(folder: Path, text: str, name: str = "w.yaml") -> Path:
    return write(folder / name, text)


# --- 1. numbers finite and in range -----------------------------------------------------------


@pytest.mark.parametrize("bad", [".nan", ".inf", "-.inf", ".NaN", "1e400"])
def test_a_weight_must_be_finite(scen: Path, bad: str) -> None:
    v = variant(scen, f"seed: 1\nweights:\n  treaty: {bad}\n")
    check(fails(v), v, "weights.treaty", "Input should be a finite number", line=4)


def test_temperature_and_priors_must_be_finite(scen: Path) -> None:
    err = fails(BASELINE, ["choice.temperature=.inf"])
    check(err, "--set", "choice.temperature", "Input should be a finite number; got inf")
    assert err.line is None  # --set has no lines
    check(fails(BASELINE, ["choice.temperature=.nan"]), "--set", "choice.temperature", "finite")
    v = variant(scen, "priors:\n  treaty: [0, .inf]\n")
    check(fails(v), v, "priors.treaty[1]", "Input should be a finite number", line=3)
    v = variant(scen, "priors:\n  temperature: [.nan, 1]\n")
    check(fails(v), v, "priors.temperature[0]", "Input should be a finite number", line=3)


def line_number(path: Path, start: str) -> int:
    """The number of the first line of a file that starts with `start` (the shipped weights
    file's note above the weights may take several lines)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return 1 + next(i for i, x in enumerate(lines) if x.startswith(start))


def test_a_weights_file_value_must_be_finite_and_is_blamed(scen: Path) -> None:
    w = edit(scen / "weights" / "baseline.yaml", weight_line("treaty"), "  treaty: .nan")
    line = line_number(w, "  treaty: .nan")
    check(fails(scen / "iran_2025.yaml"), w, "weights.treaty", "finite number", line=line)
    temperature = next(x for x in w.read_text().splitlines() if x.startswith("temperature:"))
    w = edit(w, temperature, "temperature: .inf")
    line = line_number(w, "temperature: .inf")
    check(fails(scen / "iran_2025.yaml"), w, "temperature", "finite number", line=line)


def test_a_weights_file_names_every_interest(scen: Path) -> None:
    w = edit(scen / "weights" / "baseline.yaml", weight_line("aid_cost") + "\n", "")
    err = fails(scen / "iran_2025.yaml")
    check(err, w, "weights", "missing 1 interest weight: aid_cost; weights name every interest")
    assert err.line == line_number(w, "weights:")
    w = write(w, "weights: {}\n")
    check(fails(scen / "iran_2025.yaml"), w, "weights", "missing 20 interest weights: treaty, ")


def test_inline_weights_name_every_interest(tmp_path: Path) -> None:
    doc = yaml.safe_load(BASELINE.read_text(encoding="utf-8"))
    doc["start_date"] = "2025-06-01"
    doc["weights"] = {"treaty": 1.0}
    f = write(tmp_path / "inline.yaml", yaml.safe_dump(doc, sort_keys=False))
    check(fails(f), f, "weights", "missing 19 interest weights: partnership, neutrality")
    doc["weights"] = every_weight(treaty=1.0)  # naming them all, zeros included, loads
    assert load_scenario(write(f, yaml.safe_dump(doc))).weights == every_weight(treaty=1.0)


def test_a_variant_may_set_some_weights_over_its_base(scen: Path) -> None:
    s = load_scenario(variant(scen, "weights:\n  treaty: 0\n"))
    assert s.weights["treaty"] == 0 and set(s.weights) == set(INTEREST_NAMES)


def test_weights_stay_within_a_bound(scen: Path) -> None:
    check(fails(BASELINE, ["weights.treaty=1e7"]), "--set", "weights.treaty", "within +-1e+06")


def test_seeds_fit_64_bits() -> None:
    err = fails(BASELINE, ["seed=12345678901234567890123"])
    check(err, "--set", "seed", "expected a seed up to 2**63 - 1, got 12,345,678,901,234,567,")
    big = load_scenario(BASELINE, [f"seed={MAX_SEED}"])
    assert world_seeds(1000, None, None, big.seed)[-1] == MAX_SEED + 999  # the worlds' seeds fit
    err = fails(BASELINE, ["seed=" + "9" * 5000])  # more digits than Python converts
    check(err, "--set", "seed", "an integer of 5000 digits")


def test_a_boolean_is_no_number(scen: Path) -> None:
    f = edit(scen / "iran_2025.yaml", "    capability: 0.055", "    capability: true")
    check(fails(f), f, "countries.RUS.capability", "expected a number, got true", line=24)
    err = fails(BASELINE, ["observed.0.level=false"])
    check(err, "--set", "observed[0].level", "expected a number, got false")


def test_sweep_ranges_and_values_must_be_finite(scen: Path) -> None:
    sweep = write(
        scen / "sweeps" / "inf.yaml",
        """\
        scenario: ../iran_2025.yaml
        design: grid
        parameters:
          - {path: weights.treaty, range: [0, .inf]}
        samples: 3
        replicates: 2
        """,
    )
    with pytest.raises(InputError) as info:
        read_sweep(sweep)
    check(info.value, sweep, "parameters[0].range[1]", "Input should be a finite number")
    edit(sweep, "range: [0, .inf]", "values: [1, .nan]")
    edit(sweep, "samples: 3\n", "")
    with pytest.raises(InputError) as info:
        read_sweep(sweep)
    check(info.value, sweep, "parameters[0].values[1]", "weights.treaty: Input should be a finite")


def test_numbers_through_the_command(scen: Path, capsys) -> None:
    v = variant(scen, "weights:\n  treaty: .nan\n")
    err = cli_error(capsys, v)
    assert (
        err
        == f"axissim: error: {v}: weights.treaty: Input should be a finite number; got nan (line 3)"
    )


# --- 2. impossible worlds ---------------------------------------------------------------------

UKRAINE = "conflicts.ukraine"
ISRAEL_IRAN = "conflicts.israel_iran"


@pytest.mark.parametrize(
    ("body", "path", "fragment"),
    [
        (  # a country on both sides of a war
            "conflicts: {ukraine: {sides: {ukraine: {belligerents: [UKR, RUS]}}}}",
            f"{UKRAINE}.sides.ukraine.belligerents[1]",
            "RUS is also on side 'russia' (sides.russia.belligerents[0]); a country takes one side",
        ),
        (  # a belligerent of one side supporting the other
            "conflicts: {ukraine: {sides: {ukraine: {supporters: [USA, RUS]}}}}",
            f"{UKRAINE}.sides.ukraine.supporters[1]",
            "RUS is also on side 'russia' (sides.russia.belligerents[0])",
        ),
        (  # a supporter of both sides: the listing the variant added is blamed
            "conflicts: {ukraine: {sides: {russia: {supporters: [EUU]}}}}",
            f"{UKRAINE}.sides.russia.supporters[0]",
            "EUU is also on side 'ukraine' (sides.ukraine.supporters[1])",
        ),
        (
            "conflicts: {ukraine: {sides: {ukraine: {belligerents: [UKR, UKR]}}}}",
            f"{UKRAINE}.sides.ukraine.belligerents[1]",
            "UKR is listed twice on side 'ukraine' (sides.ukraine.belligerents[0])",
        ),
        (  # the same decider twice
            "conflicts: {ukraine: {deciders: [PRK, IRN, CHN, IRN]}}",
            f"{UKRAINE}.deciders[3]",
            "IRN is listed twice (deciders[1])",
        ),
        (  # a belligerent joins
            "conflicts: {israel_iran: {joins: [{country: ISR, side: israel, step: 20, source: x}"
            "]}}",
            f"{ISRAEL_IRAN}.joins[0].country",
            "ISR is a belligerent from the start; only others can join",
        ),
        (  # a join twice
            "conflicts: {israel_iran: {joins: [{country: USA, side: israel, step: 20, source: x},"
            " {country: USA, side: israel, step: 21, source: y}]}}",
            f"{ISRAEL_IRAN}.joins[1].country",
            "USA already joins this war (joins[0]); a country joins once",
        ),
        (  # a supporter of one side joins the other
            "conflicts: {israel_iran: {joins: [{country: USA, side: iran, step: 20, source: x}]}}",
            f"{ISRAEL_IRAN}.joins[0].country",
            "USA supports side 'israel'; it cannot join side 'iran'",
        ),
        (  # a join at the ceasefire
            "conflicts: {israel_iran: {joins: [{country: USA, side: israel, step: 23, source: x}"
            "]}}",
            f"{ISRAEL_IRAN}.joins[0].step",
            "expected a step in [12, 22] (the ceasefire is at step 23)",
        ),
        (  # a ceasefire after the last step
            "conflicts: {israel_iran: {ceasefire: 31}}",
            f"{ISRAEL_IRAN}.ceasefire",
            "expected a step up to steps (30)",
        ),
        (  # import shares of one country above 1: the share the variant changed is blamed
            "relations: {CHN->IRN: {oil_imports: 0.9}}",
            "relations.CHN->IRN.oil_imports",
            "CHN's shares of its crude imports sum to 1.414 (CHN->IRN 0.9, CHN->RUS 0.196, ",
        ),
        (
            "relations: {CHN->EUU: {trade: 0.9}}",
            "relations.CHN->EUU.trade",
            "CHN's shares of its goods trade sum to 1.094 (",
        ),
    ],
)
def test_impossible_worlds_are_refused(scen: Path, body: str, path: str, fragment: str) -> None:
    v = variant(scen, body + "\n")
    check(fails(v), v, path, fragment, line=2)


def test_two_observations_of_one_decision(scen: Path) -> None:
    v = variant(
        scen,
        """\
        observed:
          - {decider: RUS, conflict: israel_iran, beneficiary: IRN, level: 1, source: a}
          - {decider: CHN, conflict: israel_iran, beneficiary: IRN, level: 1, source: b}
          - {decider: RUS, conflict: israel_iran, level: [0, 2], source: c}
        """,
    )
    message = "a second observation of RUS's decision about israel_iran (the first is observed[0])"
    check(fails(v), v, "observed[2]", message, line=5)


def test_shares_may_sum_to_1_within_the_stated_tolerance(scen: Path) -> None:
    rest = 0.196 + 0.142 + 0.06 + 0.116  # China's other crude import shares
    ok = variant(
        scen, f"relations: {{CHN->IRN: {{oil_imports: {1 - rest + SHARE_TOLERANCE / 2!r}}}}}\n"
    )
    assert load_scenario(ok).relations["CHN->IRN"].oil_imports > 1 - rest
    bad = variant(scen, f"relations: {{CHN->IRN: {{oil_imports: {1 - rest + 2e-6!r}}}}}\n")
    check(fails(bad), bad, "relations.CHN->IRN.oil_imports", "(tolerance 1e-06)")


def test_a_ceasefire_at_the_last_step_and_a_join_before_it_load(scen: Path) -> None:
    v = variant(scen, "conflicts: {israel_iran: {ceasefire: 30, intensity: 1.0}}\n")
    assert load_scenario(v).conflicts["israel_iran"].ceasefire == 30


def test_a_share_set_on_the_command_line_is_blamed_on_it() -> None:
    err = fails(BASELINE, ["relations.CHN->ARE.oil_imports=0.6"])
    check(err, "--set", "relations.CHN->ARE.oil_imports", "CHN's shares of its crude imports")


def test_impossible_world_through_the_command(scen: Path, capsys) -> None:
    v = variant(scen, "conflicts: {ukraine: {deciders: [PRK, PRK]}}\n")
    err = cli_error(capsys, v)
    assert err.endswith(f"{v}: {UKRAINE}.deciders[1]: PRK is listed twice (deciders[0]) (line 2)")


# --- 3. YAML 1.2 core scalars -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "path", "fragment"),
    [
        ("countries: {RUS: {capability: yes}}", "countries.RUS.capability", "got 'yes'"),
        ("countries: {RUS: {capability: on}}", "countries.RUS.capability", "got 'on'"),
        ("seed: no", "seed", "unable to parse string as an integer; got 'no'"),
        ("steps: 1:30", "steps", "got '1:30'"),
        ("seed: 0b101", "seed", "got '0b101'"),  # YAML 1.1 binary: text in 1.2
        (
            "start_date: 2025-13-45",
            "start_date",
            "expected a date as YYYY-MM-DD, got '2025-13-45': month must be in 1..12",
        ),
        ("start_date: 2025-02-30", "start_date", "day is out of range for month"),
        ("start_date: 20250601", "start_date", "expected a date as YYYY-MM-DD, got 20250601"),
        ("start_date: 2025-06-01 10:00:00", "start_date", "got '2025-06-01 10:00:00'"),
    ],
)
def test_yaml_1_1_scalars_are_text(scen: Path, body: str, path: str, fragment: str) -> None:
    v = variant(scen, body + "\n")
    check(fails(v), v, path, fragment, line=2)


def test_a_level_written_yes_is_refused_with_its_line(scen: Path) -> None:
    f = edit(scen / "iran_2025.yaml", "    level: 4\n", "    level: yes\n")
    line = f.read_text().splitlines().index("    level: yes") + 1
    check(fails(f), f, "observed[3].level", "got 'yes'", line=line)


@pytest.mark.parametrize(("text", "steps"), [("030", 30), ("0o36", 30), ("0x1E", 30), ("+30", 30)])
def test_integers_are_read_as_yaml_1_2_core_says(scen: Path, text: str, steps: int) -> None:
    assert load_scenario(variant(scen, f"steps: {text}\n")).steps == steps  # 030 is not octal


def test_dates_quoted_or_not_and_dates_in_text(scen: Path) -> None:
    plain = load_scenario(variant(scen, "start_date: 2025-06-02\n"))
    quoted = load_scenario(variant(scen, "start_date: '2025-06-02'\n"))
    assert plain.start_date == quoted.start_date and str(plain.start_date) == "2025-06-02"
    s = load_scenario(variant(scen, "relations: {RUS->IRN: {source: 2025-13-45}}\n"))
    assert s.relations["RUS->IRN"].source == "2025-13-45"  # a date-like source is only text


def test_ids_that_yaml_1_1_reads_as_booleans(tmp_path: Path) -> None:
    """Countries YES and OFF, sides ON and NO: names, quoted or not (YAML 1.1 read booleans)."""
    doc = tiny_document()
    text = yaml.safe_dump(doc, sort_keys=False)
    pairs = (
        ("AAA", "YES"),
        ("BBB", "OFF"),
        ("CCC", "NOR"),
        ("  x:\n", "  ON:\n"),
        ("  y:\n", "  NO:\n"),
        ("initiator: y\n", "initiator: NO\n"),
    )
    for old, new in pairs:
        text = text.replace(old, new)
    plain = write(tmp_path / "plain.yaml", text)
    quoted = write(
        tmp_path / "quoted.yaml", re.sub(r"(?<![>\w-])(YES|OFF|ON|NO)(?![\w-])", r"'\1'", text)
    )
    assert "  YES:" in text and "- OFF" in text and "  ON:" in text
    assert "  'YES':" in quoted.read_text() and "'YES'->" not in quoted.read_text()
    for f in (quoted, plain):
        s = load_scenario(f)
        assert list(s.countries) == ["YES", "OFF", "NOR"]
        assert list(s.conflicts["war"].sides) == ["ON", "NO"]
        assert s.conflicts["war"].initiator == "NO"
        assert s.conflicts["war"].deciders == ["YES"] and "YES->OFF" in s.relations
    err = fails(plain, ["countries.NO.name=Norway"])
    check(err, "--set", "countries.NO", "expected a country id of 3 capital letters; got 'NO'")


def test_a_key_that_is_not_text_gets_a_hint_to_quote_it(scen: Path) -> None:
    v = variant(scen, "conflicts: {ukraine: {sides: {true: {belligerents: [RUS]}}}}\n")
    message = 'key true is read as a boolean, not text; quote it ("true") if it is a name'
    check(fails(v), v, "conflicts.ukraine.sides", message, line=2)
    v = variant(scen, "countries: {123: {name: x}}\n")
    check(fails(v), v, "countries", 'key 123 is read as a number, not text; quote it ("123")')
    v = variant(scen, "countries: {null: {name: x}}\n")
    check(fails(v), v, "countries", "key null is read as null, not text")


def test_tags_outside_the_core_schema_are_refused(scen: Path) -> None:
    v = variant(scen, "description: !!binary aGVsbG8=\n")
    check(fails(v), v, "description", "unsupported YAML tag !!binary", line=2)
    v = variant(scen, "seed: !!int 1.5\n")
    check(fails(v), v, "seed", "'1.5' is not a valid !!int", line=2)
    v = variant(scen, "description: !!python/object:os.system x\n")
    check(fails(v), v, "description", "unsupported YAML tag !!python/object:os.system")
    assert load_scenario(variant(scen, "description: !!str 3\n")).description == "3"


def test_merge_keys_are_refused(scen: Path) -> None:
    v = variant(
        scen, "relations:\n  RUS->ISR: &tie {ties: 0.5, source: x}\n  RUS->SAU: {<<: *tie}\n"
    )
    check(fails(v), v, "relations.RUS->SAU", "YAML merge keys (<<) are not read", line=4)


def test_errors_give_the_line_of_the_value_in_the_file_that_wrote_it(scen: Path) -> None:
    old = "    suspicion: 0.6\n    trade: 0.01"
    base = edit(scen / "iran_2025.yaml", old, "    suspicion: 7\n    trade: 0.01")
    v = variant(scen, "\n\nrelations:\n  RUS->IRN:\n    treaty: 0.5\n")
    line = base.read_text().splitlines().index("    suspicion: 7") + 1
    check(fails(v), base, "relations.RUS->IRN.suspicion", "less than or equal to 1", line=line)
    v = variant(scen, "\n\nrelations:\n  RUS->IRN:\n    treaty: 5\n")
    check(fails(v), v, "relations.RUS->IRN.treaty", "less than or equal to 1", line=6)


def test_yaml_through_the_command(scen: Path, capsys) -> None:
    v = variant(scen, "steps: 1:30\n")
    assert cli_error(capsys, v).endswith("got '1:30' (line 2)")


# --- 4. bounded input -------------------------------------------------------------------------


def finishes(call, seconds: float = 10.0):
    """call() in a thread: it must finish within `seconds` (a pipe would block forever)."""
    out: list = []
    thread = threading.Thread(target=lambda: out.append(_outcome(call)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "still reading"
    return out[0]


def _outcome(call):
    try:
        return call()
    except Exception as exc:  # noqa: BLE001 - handed to the test to inspect
        return exc


def test_devices_pipes_and_folders_are_refused_unread(tmp_path: Path) -> None:
    err = finishes(lambda: fails("/dev/zero"))
    check(err, "/dev/zero", "", "not a regular file (a device, pipe or socket); refused")
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    check(finishes(lambda: fails(fifo)), fifo, "", "not a regular file (a device, pipe or socket)")
    check(fails(tmp_path), tmp_path, "", "not a regular file (a folder)")
    v = write(tmp_path / "v.yaml", "extends: pipe.yaml\n")
    err = finishes(lambda: fails(v))
    check(err, v, "extends", f"file is not a regular file: {fifo}")
    err = finishes(lambda: fails(BASELINE, ["weights=/dev/zero"]))
    check(err, "--set", "weights", "weights file is not a regular file: /dev/zero")


def test_a_file_over_the_size_limit_is_refused_at_once(tmp_path: Path, capsys) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(50_000_000)  # sparse: 50 MB that take no disk and no time to write
    start = time.perf_counter()
    err = cli_error(capsys, big)
    assert time.perf_counter() - start < 1.0
    assert (
        err == f"axissim: error: {big}: file is 50.0 MB; input files are limited to 20 MB; refused"
    )
    with big.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    check(fails(big), big, "", "input files are limited to 20 MB")
    sweep = tmp_path / "sweep.yaml"
    os.link(big, sweep)
    with pytest.raises(InputError, match="limited to 20 MB"):
        read_sweep(sweep)


def test_real_alias_bombs_are_refused_fast_but_aliases_may_repeat_a_little(scen: Path) -> None:
    lines = ["relations:", "  RUS->ISR: &tie {ties: 0.5, source: shared}"]
    lines += [f"  RUS->{c}: *tie" for c in ("SAU", "ARE", "USA", "UKR", "EUU", "IRQ")]
    assert load_scenario(variant(scen, "\n".join(lines) + "\n")).relations["RUS->IRQ"].ties == 0.5
    doc = "a: &a [" + ", ".join(["x"] * 1000) + "]\nb: [" + ", ".join(["*a"] * 200) + "]\n"
    f = write(scen / "bomb.yaml", doc)  # 200,000 nodes from a 4 kB file
    start = time.perf_counter()
    check(fails(f), f, "b[99]", f"YAML aliases would add more than {MAX_ALIAS_NODES:,} nodes")
    assert time.perf_counter() - start < 2.0


def countries_text(n: int, deciders: int = 3, steps: int = 30, relations: bool = True) -> str:
    """A synthetic scenario: n countries, a relation for every ordered pair (one line each, as
    a large scenario would be written), one war."""
    ids = [a + b + c for a in "ABCDEFGHIJ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for c in "ABCDE"]
    ids = ids[:n]
    lines = [f"name: many\nsteps: {steps}\nweights:"]
    lines += [f"  {k}: 1.0" for k in INTEREST_NAMES]
    lines += ["countries:"]
    lines += [f"  {c}: {{name: {c}, capability: 0.001, source: s}}" for c in ids]
    lines += ["relations:"] if relations else []
    lines += [
        f"  {a}->{b}: {{trade: 0.001, ties: 0.3, source: COW 2024}}"
        for a in (ids if relations else [])
        for b in ids
        if a != b
    ]
    lines += [
        "conflicts:",
        "  war:",
        "    name: war",
        f"    sides: {{a: {{belligerents: [{ids[0]}]}}, b: {{belligerents: [{ids[1]}]}}}}",
        f"    deciders: [{', '.join(ids[2 : 2 + deciders])}]",
        "    source: s",
    ]
    return "\n".join(lines) + "\n"


def test_a_150_country_scenario_is_no_alias_bomb(tmp_path: Path) -> None:
    f = tmp_path / "c150.yaml"
    f.write_text(countries_text(150, deciders=148), encoding="utf-8")
    assert 1_000_000 < f.stat().st_size < 2_000_000
    s = load_scenario(f)  # a legitimate 1.4 MB file was once refused as an alias bomb
    assert (len(s.countries), len(s.relations)) == (150, 22_350)


def test_too_many_countries_steps_or_step_decisions(tmp_path: Path) -> None:
    f = write(tmp_path / "many.yaml", countries_text(MAX_COUNTRIES + 1, relations=False))
    check(fails(f), f, "countries", f"301 countries; at most {MAX_COUNTRIES} (the kernel holds")
    f = write(tmp_path / "steps.yaml", countries_text(3, 1, steps=MAX_STEPS + 1))
    check(fails(f), f, "steps", "expected at most 10,000 steps, got 10,001 (the kernel holds", 2)
    f = write(tmp_path / "decisions.yaml", countries_text(110, 101, MAX_STEPS, relations=False))
    message = f"10,000 steps x 101 decisions is more than {MAX_STEP_DECISIONS:,}"
    check(fails(f), f, "steps", message, line=2)


def test_bounded_input_through_the_command(tmp_path: Path, capsys) -> None:
    assert cli_error(capsys, "/dev/zero").endswith(
        "not a regular file (a device, pipe or socket); refused"
    )


# --- 5. paths ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["..", ".", ".hidden", "a/b", "x" * 101])
def test_a_name_cannot_leave_the_results_folder(name: str) -> None:
    err = fails(BASELINE, [f"name='{name}'"])
    check(err, "--set", "name", "that does not start with '.' (it names the results folder)")


def test_names_with_dots_inside_are_fine() -> None:
    assert load_scenario(BASELINE, ["name=iran_2025.v2"]).name == "iran_2025.v2"


def test_references_show_the_resolved_path(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    v = write(tmp_path / "v.yaml", "extends: link/base.yaml\n")
    link, real = tmp_path / "link" / "base.yaml", tmp_path / "real" / "base.yaml"
    message = f"file not found: {link} (resolved: {real})"
    check(fails(v), v, "extends", message)
    v = write(tmp_path / "w.yaml", "extends: ../../../../../../../../../../etc/nothere.yaml\n")
    check(fails(v), v, "extends", "file not found: /etc/nothere.yaml")


def test_an_extends_symlink_loop_is_a_clean_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    v = write(tmp_path / "v.yaml", "extends: a.yaml\n")
    check(fails(v), v, "extends", f"file {tmp_path / 'a.yaml'}: a loop of symbolic links")
    err = cli_error(capsys, tmp_path / "a.yaml")
    assert err.endswith("cannot read file: Too many levels of symbolic links")


def test_an_extends_chain_is_bounded(tmp_path: Path) -> None:
    for i in range(30):
        write(tmp_path / f"f{i}.yaml", f"extends: f{i + 1}.yaml\n")
    check(fails(tmp_path / "f0.yaml"), tmp_path / "f19.yaml", "extends", "more than 20 files")


def test_paths_through_the_command(capsys) -> None:
    err = cli_error(capsys, BASELINE, "--set", "name=..")
    assert err.startswith("axissim: error: --set: name: expected a name of letters")


# --- 6. the scenario package imports light ----------------------------------------------------


def test_the_scenario_package_imports_no_heavy_library() -> None:
    """Refusing bad input needs no pandas, Mesa or matplotlib (the package's own imports; the
    `axissim` package's __init__ is bypassed, as it loads the model)."""
    code = textwrap.dedent(
        f"""
        import sys, types
        package = types.ModuleType("axissim")
        package.__path__ = [{str(ROOT / "src" / "axissim")!r}]
        sys.modules["axissim"] = package
        import axissim.scenario
        print(sorted(m for m in ("pandas", "mesa", "matplotlib", "scipy") if m in sys.modules))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_many_unknown_keys_are_one_problem_reported_in_bounded_time(tmp_path: Path) -> None:
    f = tmp_path / "keys.yaml"
    f.write_text("".join(f"k{i}: {i}\n" for i in range(200_000)), encoding="utf-8")
    start = time.perf_counter()
    check(fails(f), f, "k0", "unknown key; expected one of: name, description", line=1)
    assert time.perf_counter() - start < 10.0  # one error, not 200,000 to convert and sort
