"""Tipping points against a closed form, and the command end to end."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import BASELINE, tiny_document, write_yaml

from axissim import load_scenario
from axissim.cli import main
from axissim.studies.tipping import tipping_points


def two_interest_scenario(tmp_path):
    """Aid to BBB weighs a treaty (w * e * r / 4) against the cost of aid ((r / 4)^2): a defence
    pact that binds, since CCC's side started the war; the aid cost's exposure is a flat 1.

    Level r beats r - 1 exactly when w * e > (2r - 1) / 4, so with e = 0.8 and w = 1.2
    (w * e = 0.96) the choice is economic (2); it drops to rhetorical at w = 0.75 / 0.8 =
    0.9375 or e = 0.75 / 1.2 = 0.625, and rises to arms above w = 1.25 / 0.8 = 1.5625; e would
    need 1.25 / 1.2 > 1, beyond its bounds.
    """
    doc = tiny_document(weights={"treaty": 1.2, "aid_cost": 1.0})
    doc["countries"]["DDD"] = {"name": "D", "capability": 0.1, "source": "test"}  # a bystander
    doc["relations"] = {
        "AAA->BBB": {"treaty": 0.8, "treaty_type": "mutual_defence", "source": "test"},
        "AAA->DDD": {"trade": 0.5, "source": "test"},
    }
    doc["priors"] = {"treaty": [0, 5], "aid_cost": [0, 5]}
    return load_scenario(write_yaml(tmp_path / "two.yaml", doc))


def test_tipping_points_match_the_closed_form(tmp_path):
    table = tipping_points(two_interest_scenario(tmp_path), "AAA", "war", replicates=4)
    rows = table.set_index("parameter")
    assert rows.loc["treaty", "level"] == 2 and rows.loc["treaty", "beneficiary"] == "BBB"
    # bisection precision: range / 12 / 64 (weights 5 / 768, facts 1 / 768)
    assert rows.loc["treaty", "down_value"] == pytest.approx(0.9375, abs=1.2 / 768)
    assert rows.loc["treaty", "down_level"] == 1
    assert rows.loc["treaty", "up_value"] == pytest.approx(1.5625, abs=3.8 / 768)
    assert rows.loc["treaty", "up_level"] == 3
    assert rows.loc["AAA->BBB.treaty", "down_value"] == pytest.approx(0.625, abs=0.8 / 768)
    assert np.isnan(rows.loc["AAA->BBB.treaty", "up_value"])  # would need e > 1
    # facts that enter no exposure of the decision are not searched: AAA's facts towards DDD, a
    # bystander (no fighter, backer or rival of a side), are read by none
    assert not [p for p in rows.index if p.startswith("AAA->DDD.")]
    # those that enter are: AAA's capability (escalation risk, strain) and its rivalry with BBB
    # (the stake when aiding CCC against BBB)
    assert {"AAA.capability", "AAA->BBB.rivalry"} <= set(rows.index)
    flips = table.distance.dropna()
    assert flips.is_monotonic_increasing and table.distance[len(flips) :].isna().all()


@pytest.mark.slow  # about 5 s
def test_tipping_command_writes_the_table_and_charts(tmp_path, capsys):
    out = tmp_path / "tip"
    assert main(["tipping", str(BASELINE), "--decision", "CHN:ukraine", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "CHN:ukraine: today economic -> RUS" in text
    table = pd.read_csv(out / "tipping.csv")
    assert set(table.decision) == {"CHN:ukraine"}
    assert (out / "tornado_CHN_ukraine.png").stat().st_size > 0
    assert (out / "manifest.json").exists()


def test_tipping_rejects_an_unknown_decision(capsys):
    assert main(["tipping", str(BASELINE), "--decision", "XXX:ukraine"]) == 2
    err = capsys.readouterr().err
    assert "tipping: --decision: no decision XXX:ukraine: no country 'XXX' in the scenario" in err
    assert main(["tipping", str(BASELINE), "--decision", "ukraine"]) == 2
    assert "--decision: expected DECIDER:CONFLICT" in capsys.readouterr().err
