"""Scenario discovery: the outcome grammar, PRIM boxes known in advance, the command end to end."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import tiny_document, write_yaml

from axissim.cli import main
from axissim.readers.discover import find_boxes, parse_outcome

GRID = [round(i / 10, 1) for i in range(11)]
LABELS = ["RUS:israel_iran", "CHN:israel_iran", "aid_to:IRN"]


def test_prim_finds_the_box_where_the_outcome_holds():
    """True exactly when x1 > 0.6 and x2 < 0.3 on an 11 x 11 grid, x3 irrelevant: one box,
    holding every such point and nothing else, cut half-way between grid values."""
    x1, x2 = (a.ravel() for a in np.meshgrid(GRID, GRID, indexing="ij"))
    x = pd.DataFrame({"x1": x1, "x2": x2, "x3": np.tile(GRID, 11)})
    boxes, peeling = find_boxes(x, pd.Series((x1 > 0.6) & (x2 < 0.3)))
    rows = boxes.set_index("parameter")
    assert list(rows.index) == ["x2", "x1"]  # tightest first (lowest quasi-p value)
    assert rows.loc["x1", ["lower", "upper"]].tolist() == pytest.approx([0.65, 1.0])
    assert rows.loc["x2", ["lower", "upper"]].tolist() == pytest.approx([0.0, 0.25])
    assert set(boxes.box) == {1} and set(boxes.restricted) == {2}
    assert (boxes.coverage == 1).all() and (boxes.density == 1).all()
    assert set(boxes.points) == set(boxes.cases) == {12}  # x1 in 0.7..1, x2 in 0..0.2
    kept = peeling[peeling.chosen]
    assert len(kept) == 1 and kept.res_dim.iloc[0] == 2 and kept.n.iloc[0] == 12
    assert peeling.coverage.iloc[0] == 1 and peeling.mass.iloc[0] == 1  # peeling starts at all


def outcomes_table(values: dict[str, list[float]]) -> pd.DataFrame:
    """A sweep's outcomes table with p_material given per output and point, the rest 0."""
    rows = []
    for output, ps in values.items():
        for point, p in enumerate(ps):
            rows.append({"point": point, "output": output, "p_material": p})
    frame = pd.DataFrame(rows)
    for column in ("p_none", "p_rhetorical", "p_economic", "p_arms", "p_troops", "mean_level"):
        frame[column] = 0.0
    return frame


OUTCOMES = {
    "RUS:israel_iran": [0.0, 0.3, 0.6, 0.9],
    "CHN:israel_iran": [0.0, 0.0, 0.7, 0.1],
    "aid_to:IRN": [0.1, 0.3, 0.8, 0.95],
}


@pytest.mark.parametrize(
    "text, holds",
    [
        ("p_material[aid_to:IRN] > 0.5", [False, False, True, True]),
        ("p_material[RUS:israel_iran] >= 0.3", [False, True, True, True]),
        ("any p_material[*:israel_iran] > 0.65", [False, False, True, True]),
        ("all p_material[*:israel_iran] >= 0.6", [False, False, True, False]),
        (
            "p_material[aid_to:IRN]<=0.1 or p_material[CHN:israel_iran] > .5",
            [True, False, True, False],
        ),
        # and binds tighter than or: (a and b) or c
        (
            "p_material[RUS:israel_iran] > 0.5 and p_material[CHN:israel_iran] < 0.5 "
            "or p_material[aid_to:IRN] < 0.2",
            [True, False, False, True],
        ),
    ],
)
def test_outcome_expressions(text, holds):
    outcome = parse_outcome(text, LABELS)
    assert outcome.holds(outcomes_table(OUTCOMES)).tolist() == holds


def test_the_plain_english_outcome_reads_as_aid_to_the_country():
    outcome = parse_outcome("any decider gives Iran material aid", LABELS, {"iran": "IRN"})
    assert outcome.expression == "p_material[aid_to:IRN] > 0.5"
    assert parse_outcome("Anyone gives IRN material aid", LABELS).expression == outcome.expression


def two_decider_sweep(tmp_path):
    """AAA and DDD each weigh a defence pact with BBB (weight 1.2; binding, CCC's side started the
    war) against the cost of aid (argmax, its exposure a flat 1).

    A decider gives material aid exactly when 1.2 * treaty > 0.75 (see test_tipping's closed
    form), i.e. treaty >= 0.7 on a 0.1 grid. The sweep sets AAA's treaty and DDD's over the
    grid: "AAA material, DDD not" is the box AAA >= 0.65, DDD <= 0.65 (PRIM cuts half-way).
    """
    doc = tiny_document(weights={"treaty": 1.2, "aid_cost": 1.0})
    doc["countries"]["DDD"] = {"name": "D", "capability": 0.1, "source": "test"}
    doc["relations"] = {
        "AAA->BBB": {"treaty": 0.8, "treaty_type": "mutual_defence", "source": "test"},
        "DDD->BBB": {"treaty": 0.5, "treaty_type": "mutual_defence", "source": "test"},
    }
    doc["conflicts"]["war"]["deciders"] = ["AAA", "DDD"]
    doc["observed"][0]["level"] = 2
    scenario = write_yaml(tmp_path / "two_deciders.yaml", doc)
    sweep = {
        "scenario": scenario.name,
        "design": "grid",
        "parameters": [
            {"name": "AAA treaty", "path": "relations.AAA->BBB.treaty", "values": GRID},
            {"name": "DDD treaty", "path": "relations.DDD->BBB.treaty", "values": GRID},
        ],
        "replicates": 1,
        "outputs": {"beneficiaries": ["BBB"], "statistics": ["p_material"]},
    }
    folder = tmp_path / "sweep"
    path = write_yaml(tmp_path / "grid.yaml", sweep)
    assert main(["sweep", str(path), "--out", str(folder), "--executor", "inproc"]) == 0
    return scenario, folder


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    return two_decider_sweep(tmp_path_factory.mktemp("discover"))


def test_discover_finds_the_known_box_of_a_real_sweep(swept, capsys):
    _, folder = swept
    outcome = "p_material[AAA:war] > 0.5 and p_material[DDD:war] < 0.5"
    assert main(["discover", str(folder), "--outcome", outcome]) == 0
    text = capsys.readouterr().out
    assert f"{outcome} holds at 28 of 121 points (23%)" in text  # 4 x 7 grid points
    assert "box 1: coverage 1.00, density 1.00, 28 points" in text
    boxes = pd.read_csv(folder / "discover" / "boxes.csv").set_index("parameter")
    assert sorted(boxes.index) == ["AAA treaty", "DDD treaty"]
    assert boxes.loc["AAA treaty", ["lower", "upper"]].tolist() == pytest.approx([0.65, 1.0])
    assert boxes.loc["DDD treaty", ["lower", "upper"]].tolist() == pytest.approx([0.0, 0.65])
    assert boxes.loc["AAA treaty", "today"] == 0.8 and boxes.loc["DDD treaty", "today"] == 0.5
    assert "AAA treaty  >= 0.65     0 to 1       0.8 (inside)" in text
    written = {p.name for p in (folder / "discover").iterdir()}
    # every box on the trajectory covers all 28 points: the peeling chart would show no trade-off
    assert written == {"boxes.csv", "peeling.csv", "boxes.png", "manifest.json"}
    assert (
        "skipped: peeling chart left out: every box along the trajectory keeps coverage 1" in text
    )
    manifest = json.loads((folder / "discover" / "manifest.json").read_text())
    assert manifest["expression"] == outcome and manifest["cases"] == 28
    assert manifest["points"] == 121 and manifest["boxes"] == 1


def test_discover_reads_country_names_and_finds_boxes_in_turn(swept, tmp_path, capsys):
    """Anyone aids B when either treaty >= 0.7: an L of 72 points. The first box takes one arm
    (44 points), the second the rest of the other (28), then nothing is left."""
    _, folder = swept
    out = tmp_path / "anyone"
    args = ["discover", str(folder), "--outcome", "any decider gives B material aid"]
    assert main([*args, "--density", "1", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "p_material[aid_to:BBB] > 0.5 holds at 72 of 121 points (60%)" in text
    boxes = pd.read_csv(out / "boxes.csv")
    assert boxes[["box", "parameter", "points"]].values.tolist() == [
        [1, "AAA treaty", 44],
        [2, "DDD treaty", 28],
    ]
    assert boxes.coverage.tolist() == pytest.approx([44 / 72, 28 / 72])
    assert boxes.lower.tolist() == pytest.approx([0.65, 0.65]) and (boxes.upper == 1).all()
    assert "DDD treaty  >= 0.65     0 to 1       0.5 (outside)" in text


def test_an_outcome_that_never_holds_has_no_box(swept, tmp_path, capsys):
    _, folder = swept
    out = tmp_path / "never"
    assert (
        main(
            ["discover", str(folder), "--outcome", "p_material[aid_to:BBB] > 1", "--out", str(out)]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "holds at 0 of 121 points (0%)" in text
    assert "no box of density >= 0.8 restricts any parameter" in text
    assert {p.name for p in out.iterdir()} == {"boxes.csv", "peeling.csv", "manifest.json"}


@pytest.mark.parametrize(
    "outcome, message",
    [
        ("p_material[aid_to:BBB]", "cannot read 'p_material[aid_to:BBB]'; expected [any|all]"),
        ("p_materal[aid_to:BBB] > 0.5", "unknown statistic 'p_materal'; expected one of p_none"),
        ("p_material[XXX:war] > 0.5", "no output matches 'XXX:war'; the sweep has AAA:war, "),
        ("p_material[*:war] > 0.5", "'*:war' matches 2 outputs (AAA:war, DDD:war); say whether"),
        ("anyone gives Narnia material aid", "no output for aid to 'Narnia'; it reports aid to"),
    ],
)
def test_a_bad_outcome_names_the_option_and_exits_2(swept, outcome, message, capsys):
    _, folder = swept
    assert main(["discover", str(folder), "--outcome", outcome]) == 2
    error = capsys.readouterr().err
    assert error.startswith("axissim: error: discover: --outcome: ") and message in error


def test_discover_needs_a_sweep_folder(tmp_path, capsys):
    assert main(["discover", str(tmp_path), "--outcome", "p_material[aid_to:X] > 0"]) == 2
    assert "no outcomes.parquet here; run `axissim sweep` first" in capsys.readouterr().err
