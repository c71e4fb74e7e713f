"""Sweep files: the shipped ones read, and every mistake is one clear error naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import BASELINE, ROOT

from axissim.cli import main
from axissim.errors import InputError
from axissim.studies.sweep.design import sample
from axissim.studies.sweep.spec import read_sweep

SHIPPED = sorted((ROOT / "scenarios" / "sweeps").glob("*.yaml"))


def sweep_document(**changes) -> dict:
    doc = {
        "scenario": str(BASELINE),
        "design": "grid",
        "parameters": [
            {"path": "weights.aid_cost", "values": [1.0, 3.0]},
            {"name": "treaty", "paths": ["relations.RUS->IRN.treaty"], "range": [0.0, 1.0]},
        ],
        "samples": 3,
        "replicates": 10,
    }
    doc.update(changes)
    return doc


def write_sweep(path: Path, doc: dict) -> Path:
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_sweeps_read(path):
    sweep = read_sweep(path)
    assert sweep.scenario.name in {"iran_2025", "russia_iran_defence_pact"}
    assert len(sample(sweep)) >= 10


def test_a_sweep_reads_into_parameters_and_outputs(tmp_path):
    sweep = read_sweep(write_sweep(tmp_path / "s.yaml", sweep_document()))
    weight, treaty = sweep.parameters
    assert (weight.name, weight.kind, weight.values) == ("weights.aid_cost", "weight", (1.0, 3.0))
    assert (treaty.name, treaty.kind, treaty.bounds) == ("treaty", "scenario", (0.0, 1.0))
    assert treaty.baseline == 0.3  # the scenario's own value (neutrality pledge), marked in charts
    assert sweep.seed == 2025  # the scenario's seed when the sweep names none
    assert sweep.outputs.decisions[0] == "RUS:israel_iran" and len(sweep.outputs.decisions) == 6
    assert sweep.outputs.statistics == ("p_material", "mean_level")


def test_a_total_is_shared_out_in_the_scenarios_proportions(tmp_path):
    gulf = [f"relations.CHN->{c}.oil_imports" for c in ("IRN", "SAU", "ARE", "IRQ")]
    doc = sweep_document(
        parameters=[{"name": "gulf", "paths": gulf, "total": True, "values": [0.6]}], samples=None
    )
    (p,) = read_sweep(write_sweep(tmp_path / "s.yaml", doc)).parameters
    assert p.baseline == pytest.approx(0.13 + 0.142 + 0.06 + 0.116)
    values = dict((".".join(path), v) for path, v in p.assignments(0.6))
    assert sum(values.values()) == pytest.approx(0.6)
    assert values["relations.CHN->SAU.oil_imports"] == pytest.approx(0.6 * 0.142 / p.baseline)


def test_whole_number_fields_are_rounded(tmp_path):
    doc = sweep_document(
        design="lhs",
        samples=5,
        parameters=[{"path": "conflicts.israel_iran.ceasefire", "range": [22, 28]}],
    )  # the US joins at step 21: a ceasefire before step 22 would make an impossible world
    sweep = read_sweep(write_sweep(tmp_path / "s.yaml", doc))
    values = sample(sweep)["conflicts.israel_iran.ceasefire"]
    assert values.dtype.kind == "i" and values.between(22, 28).all()


ERRORS = [
    ({"desing": "grid"}, "desing", "unknown key; did you mean 'design'?"),
    ({"design": "grids"}, "design", "Input should be 'grid', 'lhs', 'sobol' or 'morris'"),
    ({"replicates": 0}, "replicates", "greater than or equal to 1"),
    (
        {"parameters": [{"path": "relations.RUS->IRN.treatyy", "values": [1]}]},
        "parameters[0].path",
        "unknown path relations.RUS->IRN.treatyy: relations.RUS->IRN has no 'treatyy'; "
        "did you mean 'treaty'?",
    ),
    (
        {"parameters": [{"path": "weights.tready", "values": [1]}]},
        "parameters[0].path",
        "did you mean 'treaty'?",
    ),
    (
        {"parameters": [{"path": "weights.treaty", "rnage": [0, 1]}]},
        "parameters[0].rnage",
        "unknown key; did you mean 'range'?",
    ),
    (
        {
            "parameters": [
                {"path": "weights.treaty", "range": [0, 1]},
                {"path": "weights.affinity", "range": [1, 0]},
            ]
        },
        "parameters[1].range",
        "[1.0, 0.0] is inverted or empty; expected [low, high]",
    ),
    (
        {
            "design": "sobol",
            "samples": 8,
            "parameters": [{"path": "weights.treaty", "values": [0, 1]}],
        },
        "parameters[0].values",
        "the sobol design samples ranges; give range: [low, high]",
    ),
    (
        {"design": "lhs", "parameters": [{"path": "relations.RUS->IRN.treaty", "range": [0, 1.5]}]},
        "parameters[0].range",
        "relations.RUS->IRN.treaty: Input should be less than or equal to 1; got 1.5",
    ),
    (
        {"parameters": [{"path": "weights.treaty", "values": [1, -1]}]},
        "parameters[0].values[1]",
        "weights.treaty: expected a weight >= 0, got -1.0",
    ),
    (
        {"parameters": [{"path": "relations.RUS->IRN.treaty_type", "values": ["alliance"]}]},
        "parameters[0].values[0]",
        "Input should be 'none', 'mutual_defence'",
    ),
    (
        {"parameters": [{"path": "relations.RUS->IRN.treaty_type", "range": [0, 1]}]},
        "parameters[0].path",
        "the scenario holds 'neutrality' there; a range or a total needs numbers",
    ),
    (
        {"parameters": [{"paths": ["weights.treaty", "weights.affinity"], "values": [1]}]},
        "parameters[0].name",
        "required when a parameter sets several paths",
    ),
    (
        {
            "design": "sobol",
            "samples": 100,
            "parameters": [{"path": "weights.treaty", "range": [0, 1]}],
        },
        "samples",
        "needs a power of 2 (Saltelli's scheme); got 100, try 64 or 128",
    ),
    (
        {"outputs": {"decisions": ["RUS:ukraine"]}},
        "outputs.decisions[0]",
        "no decision 'RUS:ukraine'",
    ),
    ({"outputs": {"beneficiaries": ["CHN"]}}, "outputs.beneficiaries[0]", "'CHN' leads no side"),
    ({"outputs": {"statistics": ["p_materiel"]}}, "outputs.statistics[0]", "got 'p_materiel'"),
    ({"scenario": "nothere.yaml"}, "scenario", "scenario file not found"),
]


@pytest.mark.parametrize(("changes", "where", "message"), ERRORS, ids=[e[1] for e in ERRORS])
def test_every_mistake_names_the_sweep_file_and_the_field(tmp_path, changes, where, message):
    path = write_sweep(tmp_path / "bad.yaml", sweep_document(**changes))
    with pytest.raises(InputError) as caught:
        read_sweep(path)
    assert caught.value.file == str(path)
    assert caught.value.path == where
    assert message in caught.value.message


def test_the_command_reports_a_bad_sweep_in_one_line_with_exit_2(tmp_path, capsys):
    changes = {"parameters": [{"path": "weights.treaty", "range": [3, 1]}]}
    path = write_sweep(tmp_path / "bad.yaml", sweep_document(**changes))
    assert main(["sweep", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"axissim: error: {path}: parameters[0].range: [3.0, 1.0] is inverted or empty; "
        "expected [low, high]\n"
    )
    assert not (tmp_path / "out").exists()
