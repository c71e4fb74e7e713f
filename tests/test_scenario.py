"""Scenario loading: the baseline, extends, --set, weights files, and one clear error per kind."""

from __future__ import annotations

import shutil
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from conftest import tiny_document, write_yaml

from axissim.engine.interests import INTEREST_NAMES
from axissim.errors import InputError
from axissim.scenario import load_scenario
from axissim.scenario.yaml12 import MAX_ALIAS_NODES, MAX_DEPTH

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "iran_2025.yaml"
WEIGHTS = ROOT / "scenarios" / "weights" / "baseline.yaml"


@pytest.fixture
def scen(tmp_path: Path) -> Path:
    """A copy of the scenarios folder (baseline plus its weights file) to edit freely."""
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    return tmp_path / "scenarios"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def edit(path: Path, old: str, new: str) -> Path:
    """Replace the one occurrence of `old` in a file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def weight_line(name: str) -> str:
    """The line of the shipped weights file that sets `name`, e.g. '  treaty: 4.9652'."""
    return next(x for x in WEIGHTS.read_text().splitlines() if x.startswith(f"  {name}:"))


def variant(scen: Path, body: str, name: str = "v.yaml") -> Path:
    """A variant in scenarios/variants/ extending the baseline."""
    return write(scen / "variants" / name, "extends: ../iran_2025.yaml\n" + textwrap.dedent(body))


def fails(path: Path | str, overrides: list[str] | tuple[str, ...] = ()) -> InputError:
    with pytest.raises(InputError) as info:
        load_scenario(path, overrides)
    return info.value


def check(
    err: InputError, file: Path | str, path: str, fragment: str, line: int | None = None
) -> None:
    """The error names `file` and `path`, says `fragment` (and, if given, names `line`)."""
    assert (err.file, err.path) == (str(file), path), str(err)
    assert fragment in err.message, str(err)
    if line is not None:
        assert err.line == line, str(err)
    suffix = f" (line {err.line})" if err.line else ""
    where = f"{file}: {path}" if path else str(file)
    assert str(err) == f"{where}: {err.message}{suffix}"
    for internal in ("constrained", "list[", "function-", "[key]", "Value error"):
        assert internal not in str(err)


# --- the baseline and how files combine -------------------------------------------------------


def test_baseline_structure() -> None:
    s = load_scenario(BASELINE)
    assert s.name == "iran_2025"
    assert (s.steps, s.time_unit, str(s.start_date), s.seed) == (30, "day", "2025-06-01", 2025)
    calibrated = yaml.safe_load(WEIGHTS.read_text(encoding="utf-8"))
    # the temperature comes with the calibrated weights file
    assert (s.choice.rule, s.choice.temperature) == ("logit", calibrated["temperature"])
    assert len(s.countries) == 11
    assert list(s.countries)[:4] == ["RUS", "CHN", "PRK", "IRN"]
    assert s.countries["USA"].capability == 0.367
    assert len(s.relations) == 30
    # the 2001 treaty's art. 3: a neutrality pledge towards an aggressor of the other
    assert (s.relations["RUS->IRN"].treaty, s.relations["RUS->IRN"].treaty_type) == (
        0.3, "neutrality"
    )  # fmt: skip
    assert s.relations["PRK->RUS"].treaty_type == "mutual_defence"
    assert s.relations["PRK->RUS"].invoked is True  # declared binding for Kursk
    assert not s.relations["RUS->IRN"].invoked
    assert list(s.conflicts) == ["israel_iran", "ukraine"]
    assert [c.initiator for c in s.conflicts.values()] == ["israel", "russia"]
    assert [c for c in s.countries if s.countries[c].nuclear] == [
        "RUS", "CHN", "PRK", "USA", "ISR", "EUU"
    ]  # fmt: skip
    war = s.conflicts["israel_iran"]
    assert (war.start, war.ceasefire, war.deciders) == (12, 23, ["RUS", "CHN", "PRK"])
    assert [(j.country, j.side, j.step) for j in war.joins] == [("USA", "israel", 21)]
    assert len(war.intensity) == 30 and war.intensity[21] == 1.0
    assert s.conflicts["ukraine"].intensity == 1.0
    assert len(s.observed) == 6
    assert [o.level_range for o in s.observed] == [(1, 1), (1, 1), (0, 1), (4, 4), (3, 3), (2, 2)]
    assert s.weights == calibrated["weights"]


def test_extends_deep_merges_mappings_and_replaces_lists(scen: Path) -> None:
    v = variant(
        scen,
        """
        name: iran_2025_strong_treaty
        relations:
          RUS->IRN:
            treaty: 0.9
        conflicts:
          israel_iran:
            oil_at_risk: [SAU]
        """,
    )
    s = load_scenario(v)
    base = load_scenario(scen / "iran_2025.yaml")
    assert s.name == "iran_2025_strong_treaty"
    rel, old = s.relations["RUS->IRN"], base.relations["RUS->IRN"]
    assert rel.treaty == 0.9
    assert rel.model_dump(exclude={"treaty"}) == old.model_dump(exclude={"treaty"})
    assert rel.source == old.source and rel.affinity == 0.3
    war, old_war = s.conflicts["israel_iran"], base.conflicts["israel_iran"]
    assert war.oil_at_risk == ["SAU"]  # a list replaces, it does not merge
    assert war.model_dump(exclude={"oil_at_risk"}) == old_war.model_dump(exclude={"oil_at_risk"})
    assert s.weights == base.weights and s.countries == base.countries


def test_extends_chain_of_three(scen: Path) -> None:
    mid = variant(scen, "seed: 7\n", name="mid.yaml")
    top = write(scen / "variants" / "top.yaml", "extends: mid.yaml\nsteps: 30\nseed: 8\n")
    assert load_scenario(mid).seed == 7
    assert load_scenario(top).seed == 8


def test_variant_inline_weights_merge_over_the_base_weights_file(scen: Path) -> None:
    s = load_scenario(variant(scen, "weights:\n  treaty: 1.0\n"))
    base = load_scenario(scen / "iran_2025.yaml").weights
    assert s.weights == {**base, "treaty": 1.0}


def every_weight(value: float = 0.0, **weights: float) -> dict[str, float]:
    """A weights mapping naming every interest: `value`, except those given."""
    return {key: weights.get(key, value) for key in INTEREST_NAMES}


def test_weights_file_is_relative_to_the_file_that_names_it(scen: Path) -> None:
    alt = every_weight(treaty=2.0, aid_cost=1.0)
    write(scen / "variants" / "w" / "alt.yaml", yaml.safe_dump({"weights": alt}))
    s = load_scenario(variant(scen, "weights: w/alt.yaml\n"))
    assert s.weights == alt  # a weights file replaces wholesale


def test_inline_weights(tmp_path: Path) -> None:
    doc = yaml.safe_load(BASELINE.read_text(encoding="utf-8"))
    doc["weights"] = every_weight(treaty=1.5, burden_sharing=-0.5)
    path = write(tmp_path / "inline.yaml", yaml.safe_dump(doc))
    assert load_scenario(path).weights == every_weight(treaty=1.5, burden_sharing=-0.5)


def test_set_scalar() -> None:
    s = load_scenario(BASELINE, ["seed=7", "choice.temperature=0.5", "choice.rule=argmax"])
    assert (s.seed, s.choice.temperature, s.choice.rule) == (7, 0.5, "argmax")


def test_set_relation_field_keeps_the_others() -> None:
    s = load_scenario(BASELINE, ["relations.RUS->IRN.treaty=1"])
    base = load_scenario(BASELINE)
    assert s.relations["RUS->IRN"].treaty == 1.0
    assert s.relations["RUS->IRN"].suspicion == base.relations["RUS->IRN"].suspicion == 0.6
    assert s.relations["CHN->IRN"] == base.relations["CHN->IRN"]


def test_set_list_index() -> None:
    s = load_scenario(BASELINE, ["observed.0.level=2", "observed.2.level=[1, 2]"])
    assert s.observed[0].level == 2 and s.observed[0].decider == "RUS"
    assert s.observed[2].level_range == (1, 2)
    assert len(s.observed) == 6


def test_set_a_weight_that_came_from_a_weights_file() -> None:
    s = load_scenario(BASELINE, ["weights.treaty=2.5"])
    calibrated = yaml.safe_load(WEIGHTS.read_text(encoding="utf-8"))["weights"]
    assert s.weights == {**calibrated, "treaty": 2.5}


def test_set_changes_one_spot_even_where_yaml_aliases_share_a_value(scen: Path) -> None:
    v = variant(
        scen,
        """
        relations:
          RUS->ISR: &tie {ties: 0.5, source: shared}
          RUS->SAU: *tie
        """,
    )
    s = load_scenario(v, ["relations.RUS->ISR.ties=0.9"])
    assert (s.relations["RUS->ISR"].ties, s.relations["RUS->SAU"].ties) == (0.9, 0.5)


# --- one clear error per kind -----------------------------------------------------------------


def test_yaml_syntax_error(tmp_path: Path) -> None:
    f = write(tmp_path / "bad.yaml", "name: x\nsteps: 3\n  seed: 1\n")
    check(fails(f), f, "line 3, column 7", "invalid YAML: mapping values are not allowed")


def test_empty_file(tmp_path: Path) -> None:
    f = write(tmp_path / "empty.yaml", "")
    check(fails(f), f, "", "file is empty; expected a scenario mapping")
    f = write(tmp_path / "comments.yaml", "# nothing here\n---\n")
    check(fails(f), f, "", "file is empty")


def test_not_a_mapping(tmp_path: Path) -> None:
    f = write(tmp_path / "list.yaml", "- name: x\n- steps: 3\n")
    check(fails(f), f, "", "expected a scenario mapping at the top level, got a list")


def test_unknown_key_suggests_the_close_field_name(scen: Path) -> None:
    f = edit(scen / "iran_2025.yaml", "    capability: 0.055", "    capabilty: 0.055")
    err = fails(f)
    check(err, f, "countries.RUS.capabilty", "unknown key; did you mean 'capability'?", line=24)
    assert "more problem" not in err.message  # the missing capability is the same problem


def test_unknown_key_without_close_name_lists_the_fields() -> None:
    err = fails(BASELINE, ["choice.zzz=1"])
    check(err, "--set", "choice.zzz", "unknown key; expected one of: rule, temperature")


def test_wrong_type(scen: Path) -> None:
    f = edit(scen / "iran_2025.yaml", "    capability: 0.055", "    capability: lots")
    check(fails(f), f, "countries.RUS.capability", "Input should be a valid number")
    assert fails(f).message.endswith("; got 'lots'")


def test_value_out_of_range(scen: Path) -> None:
    f = edit(scen / "iran_2025.yaml", "    capability: 0.055", "    capability: 1.5")
    err = fails(f)
    check(err, f, "countries.RUS.capability", "")
    assert err.message == "Input should be less than or equal to 1; got 1.5"


def test_unknown_country_id(scen: Path) -> None:
    f = edit(scen / "iran_2025.yaml", "deciders: [RUS, CHN, PRK]", "deciders: [RUS, CHN, FRA]")
    check(fails(f), f, "conflicts.israel_iran.deciders[2]", "unknown country id 'FRA'; known: ARE")


def test_unknown_country_in_a_relation_key() -> None:
    err = fails(BASELINE, ["relations.RUS->FRA.source=x"])
    check(err, "--set", "relations.RUS->FRA", "unknown country id 'FRA'")


def test_malformed_country_id(scen: Path) -> None:
    f = edit(scen / "iran_2025.yaml", "  PRK:\n    nuclear: true", "  prk:\n    nuclear: true")
    check(fails(f), f, "countries.prk", "expected a country id of 3 capital letters; got 'prk'")


def test_missing_required_field(scen: Path) -> None:
    f = edit(scen / "iran_2025.yaml", "    source: SIPRI 2024, USD 149 bn\n", "")
    check(fails(f), f, "countries.RUS.source", "required field is missing")


def test_missing_top_level_field_names_the_loaded_file(scen: Path) -> None:
    f = edit(scen / "iran_2025.yaml", "steps: 30\n", "")
    check(fails(f), f, "steps", "required field is missing")
    v = variant(scen, "seed: 1\n")
    check(fails(v), v, "steps", "required field is missing")


def test_extends_cycle(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", "extends: sub/b.yaml\nname: a\n")
    b = write(tmp_path / "sub" / "b.yaml", "extends: ../a.yaml\nname: b\n")
    check(fails(a), b, "extends", "extends cycle: a.yaml -> b.yaml -> a.yaml")
    me = write(tmp_path / "me.yaml", "extends: me.yaml\n")
    check(fails(me), me, "extends", "extends cycle: me.yaml -> me.yaml")


def test_missing_file(tmp_path: Path) -> None:
    check(fails(tmp_path / "nope.yaml"), tmp_path / "nope.yaml", "", "file not found")


def test_extends_missing_file_names_the_extending_file(tmp_path: Path) -> None:
    f = write(tmp_path / "v.yaml", "extends: base.yaml\n")
    check(fails(f), f, "extends", f"file not found: {tmp_path / 'base.yaml'}")


def test_extends_not_a_path(tmp_path: Path) -> None:
    f = write(tmp_path / "v.yaml", "extends: [a.yaml]\n")
    check(fails(f), f, "extends", "expected a file path, got ['a.yaml']")


def test_missing_weights_file_names_the_file_that_refers_to_it(scen: Path) -> None:
    v = variant(scen, "weights: nowhere.yaml\n")
    check(fails(v), v, "weights", "weights file not found:")
    err = fails(BASELINE, ["weights=nowhere.yaml"])
    check(err, "--set", "weights", "weights file not found: nowhere.yaml")


def billion_laughs(levels: int = 9, fold: int = 9) -> str:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * fold) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fold) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    f = write(tmp_path / "bomb.yaml", billion_laughs())
    start = time.perf_counter()
    err = fails(f)
    assert time.perf_counter() - start < 5.0
    message = f"YAML aliases would add more than {MAX_ALIAS_NODES:,} nodes; refused"
    check(err, f, "a5[0]", message, line=6)


def test_alias_bomb_in_set_is_refused() -> None:
    bomb = "{" + billion_laughs().strip().replace("\n", ", ") + "}"
    start = time.perf_counter()
    err = fails(BASELINE, [f"description={bomb}"])
    assert time.perf_counter() - start < 5.0
    check(err, "--set", "description.a5[0]", "YAML aliases would add more than")


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    f = write(tmp_path / "loop.yaml", "name: &a [1, *a]\n")
    check(fails(f), f, "name[1]", "a YAML alias refers to a node that contains it", line=1)


def test_deep_nesting_is_refused_without_a_traceback(tmp_path: Path) -> None:
    f = write(tmp_path / "deep.yaml", "name: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5))
    check(fails(f), f, "", f"YAML nested deeper than {MAX_DEPTH} levels", line=1)
    # libyaml stops at its own limit (1000) while scanning ahead: a clean error either way
    f = write(tmp_path / "deep.yaml", "name: " + "[" * 5000 + "]" * 5000 + "\n")
    err = fails(f)
    assert err.file == str(f) and "nest" in err.message, str(err)


# --- union fields, cross-checks and --set -----------------------------------------------------


def test_observed_level_out_of_range_has_a_clean_path() -> None:
    err = fails(BASELINE, ["observed.0.level=9"])
    check(err, "--set", "observed[0].level", "")
    assert err.message == "Input should be less than or equal to 4; got 9"


def test_observed_level_of_the_wrong_type_names_both_forms() -> None:
    err = fails(BASELINE, ["observed.0.level=high"])
    check(err, "--set", "observed[0].level", "")
    assert err.message == "Input should be a valid integer or a valid list; got 'high'"


def test_observed_level_range_too_long_or_out_of_range() -> None:
    err = fails(BASELINE, ["observed.0.level=[1, 2, 3]"])
    check(err, "--set", "observed[0].level", "List should have at most 2 items")
    err = fails(BASELINE, ["observed.0.level=[1, 5]"])
    check(err, "--set", "observed[0].level[1]", "less than or equal to 4; got 5")


def test_inverted_observed_level_range(scen: Path) -> None:
    f = edit(scen / "iran_2025.yaml", "level: [0, 1]", "level: [1, 0]")
    err = fails(f)
    check(err, f, "observed[2].level", "")
    assert err.message == "level range [1, 0] is inverted; expected [low, high]"


def test_intensity_element_out_of_range() -> None:
    err = fails(BASELINE, ["conflicts.israel_iran.intensity.12=2"])
    check(err, "--set", "conflicts.israel_iran.intensity[12]", "less than or equal to 1; got 2")


def test_an_intensity_list_longer_than_the_steps_is_refused() -> None:
    err = fails(BASELINE, [f"conflicts.ukraine.intensity={[0.5] * 31}"])
    check(err, "--set", "conflicts.ukraine.intensity", "expected at most one value per step (30)")


def test_a_short_intensity_list_holds_its_last_value() -> None:
    from axissim.engine.world import compile_world

    world = compile_world(load_scenario(BASELINE, ["conflicts.ukraine.intensity=[0.5, 1]"]))
    assert world.intensity[:4, world.conflicts.index("ukraine")].tolist() == [0.5, 1, 1, 1]
    assert (world.intensity[:, world.conflicts.index("ukraine")][1:] == 1).all()


def test_decider_that_fights_in_its_own_conflict() -> None:
    err = fails(BASELINE, ["conflicts.ukraine.deciders.1=RUS"])
    check(err, "--set", "conflicts.ukraine.deciders[1]", "RUS fights in this conflict")


def test_relation_key_that_is_not_two_ids(scen: Path) -> None:
    f = edit(scen / "iran_2025.yaml", "  PRK->ISR:", "  PRK-ISR:")
    check(fails(f), f, "relations.PRK-ISR", "expected a key 'AAA->BBB', got 'PRK-ISR'")


def test_set_without_equals() -> None:
    check(fails(BASELINE, ["seed"]), "--set", "seed", "expected dotted.path=value, got 'seed'")


def test_set_index_out_of_range() -> None:
    err = fails(BASELINE, ["observed.6.level=1"])
    check(err, "--set", "observed[6]", "expected a list index from 0 to 5")


def test_set_into_a_scalar() -> None:
    err = fails(BASELINE, ["seed.x=1"])
    check(err, "--set", "seed", "expected a mapping or a list to set a value in; got 2025")


def test_set_new_country_is_blamed_on_set() -> None:
    err = fails(BASELINE, ["countries.FRA.name=France"])
    check(err, "--set", "countries.FRA.capability", "required field is missing (and 1 more")


# --- weights files ----------------------------------------------------------------------------


def test_wrong_type_in_weights_file_names_the_weights_file(scen: Path) -> None:
    w = edit(scen / "weights" / "baseline.yaml", weight_line("treaty"), "  treaty: strong")
    err = fails(scen / "iran_2025.yaml")
    check(err, w, "weights.treaty", "Input should be a valid number")
    err = fails(variant(scen, "seed: 1\n"))  # through a variant too
    check(err, w, "weights.treaty", "Input should be a valid number")


def test_unknown_interest_in_weights_file(scen: Path) -> None:
    w = edit(scen / "weights" / "baseline.yaml", "  strain:", "  strane:")
    check(fails(scen / "iran_2025.yaml"), w, "weights.strane", "unknown interest 'strane'")


def test_unknown_key_in_weights_file(scen: Path) -> None:
    w = edit(scen / "weights" / "baseline.yaml", "note:", "note_:")
    check(fails(scen / "iran_2025.yaml"), w, "note_", "unknown key; did you mean 'note'?")


def test_weights_file_without_weights(scen: Path) -> None:
    w = write(scen / "weights" / "baseline.yaml", "note: nothing\n")
    check(fails(scen / "iran_2025.yaml"), w, "weights", "expected a mapping of interest name")


def test_negative_weight_of_an_unsigned_interest() -> None:
    err = fails(BASELINE, ["weights.aid_cost=-1"])
    check(err, "--set", "weights.aid_cost", "expected a weight >= 0, got -1.0")


def test_weights_file_syntax_error(scen: Path) -> None:
    w = write(scen / "weights" / "baseline.yaml", "weights: {treaty: 1\n")
    err = fails(scen / "iran_2025.yaml")
    assert err.file == str(w) and err.path.startswith("line ")


# --- which file is blamed ---------------------------------------------------------------------


def test_error_inside_a_variant_names_the_variant(scen: Path) -> None:
    v = variant(scen, "relations:\n  RUS->IRN:\n    treaty: 2\n")
    check(fails(v), v, "relations.RUS->IRN.treaty", "less than or equal to 1; got 2")


def test_error_inside_the_base_names_the_base(scen: Path) -> None:
    base = edit(scen / "iran_2025.yaml", "    suspicion: 0.6\n    trade: 0.01", "    suspicion: 7")
    v = variant(scen, "relations:\n  RUS->IRN:\n    treaty: 0.5\n")
    check(fails(v), base, "relations.RUS->IRN.suspicion", "less than or equal to 1; got 7")


def test_list_replaced_by_a_variant_blames_the_variant(scen: Path) -> None:
    v = variant(
        scen,
        """
        observed:
          - decider: RUS
            conflict: israel_iran
            beneficiary: IRN
            level: 1
        """,
    )
    check(fails(v), v, "observed[0].source", "required field is missing")


def test_set_overriding_a_variant_is_blamed_on_set(scen: Path) -> None:
    v = variant(scen, "seed: 1\n")
    check(fails(v, ["seed=-1"]), "--set", "seed", "greater than or equal to 0; got -1")


def test_error_text_is_one_line(scen: Path) -> None:
    f = edit(scen / "iran_2025.yaml", "    capability: 0.055", "    capability: 1.5")
    assert "\n" not in str(fails(f))


def test_a_key_written_twice_is_an_error(tmp_path):
    path = tmp_path / "twice.yaml"
    path.write_text("name: a\nsteps: 3\nname: b\n")
    check(fails(path), path, "", "key 'name' appears twice in one mapping", line=3)
    path.write_text("relations:\n  A->B: {ties: 1,\n    ties: 2}\n")
    check(fails(path), path, "relations.A->B", "key 'ties' appears twice in one mapping", line=3)


def test_priors_are_validated(tmp_path):
    variant = tmp_path / "v.yaml"
    variant.write_text(f"extends: {BASELINE}\nname: v\npriors:\n  treaty: [3, 1]\n")
    with pytest.raises(InputError) as err:
        load_scenario(variant)
    assert (err.value.file, err.value.path) == (str(variant), "priors.treaty")
    assert "inverted" in err.value.message
    variant.write_text(f"extends: {BASELINE}\nname: v\npriors:\n  temperature: [0, 1]\n")
    with pytest.raises(InputError, match="temperature range above 0"):
        load_scenario(variant)
    # a distribution: a lognormal median above 0, a spread above 0, a normal prior only for a
    # weight that may be negative
    for prior, says in [
        ("{lognormal: [0, 1.5]}", "expected a median above 0"),
        ("{lognormal: [1, 0]}", "expected a spread above 0"),
        ("{lognormal: [1, 600]}", "and at most 10, got 600"),  # e^(1.96 x 600) overflows
        ("{normal: [0, 1]}", "a normal prior allows negative values"),
        ("{gamma: [1, 1]}", "expected [low, high], {lognormal"),
        ("{lognormal: [1]}", "lognormal: expected two numbers"),
    ]:
        variant.write_text(f"extends: {BASELINE}\nname: v\npriors:\n  treaty: {prior}\n")
        with pytest.raises(InputError) as err:
            load_scenario(variant)
        where = (err.value.file, err.value.path, says in err.value.message)
        assert where == (str(variant), "priors.treaty", True), str(err.value)
    # a variant's prior replaces the base's whole, of another kind too (no merged mapping)
    variant.write_text(f"extends: {BASELINE}\nname: v\npriors:\n  burden_sharing: [-2, 2]\n")
    assert load_scenario(variant).priors["burden_sharing"] == [-2, 2]  # signed: below 0 too
    variant.write_text(
        f"extends: {BASELINE}\nname: v\npriors:\n  burden_sharing: {{lognormal: [2, 1]}}\n"
    )
    priors = load_scenario(variant).priors
    assert (priors["burden_sharing"], priors["treaty"]) == (
        {"lognormal": [2, 1]}, {"lognormal": [1, 1.5]}
    )  # fmt: skip
    # the shipped priors: lognormal(1, 1.5) for the weights that cannot be negative, normal(0, 1)
    # for burden sharing, and none for the temperature, which is fixed at 1
    priors = load_scenario(BASELINE).priors
    assert set(priors) == set(INTEREST_NAMES)
    assert priors["burden_sharing"] == {"normal": [0, 1]}
    unsigned = [k for k in INTEREST_NAMES if k != "burden_sharing"]
    assert all(priors[k] == {"lognormal": [1, 1.5]} for k in unsigned)


def test_new_facts_load_and_an_unknown_initiator_is_refused(scen: Path) -> None:
    path = variant(
        scen,
        """
        name: facts
        countries: {IRN: {nuclear: true, major_power: true}}
        relations: {RUS->UKR: {contiguity: 1}}
        conflicts: {israel_iran: {initiator: iran}}
        """,
    )
    s = load_scenario(path)
    assert (s.countries["IRN"].nuclear, s.countries["IRN"].major_power) == (True, True)
    assert (s.countries["UKR"].nuclear, s.countries["UKR"].major_power) == (False, False)
    assert s.relations["RUS->UKR"].contiguity == 1.0
    assert s.conflicts["israel_iran"].initiator == "iran"  # the base says israel
    assert load_scenario(scen / "iran_2025.yaml").countries["IRN"].nuclear is False
    err = fails(path, ["conflicts.ukraine.initiator=moscow"])
    check(err, "--set", "conflicts.ukraine.initiator", "unknown side 'moscow'")


def test_an_observation_may_name_no_beneficiary(scen: Path) -> None:
    path = variant(scen, "name: anyone\n")
    observed = "observed=[{decider: RUS, conflict: israel_iran, level: [0, 3], source: t}]"
    s = load_scenario(path, [observed])
    assert s.observed[0].beneficiary is None


def test_a_treaty_without_its_type_is_refused(tmp_path):
    doc = tiny_document()
    del doc["relations"]["AAA->BBB"]["treaty_type"]  # strength 0.8, type left at "none"
    with pytest.raises(InputError) as caught:
        load_scenario(write_yaml(tmp_path / "untyped.yaml", doc))
    assert caught.value.path == "relations.AAA->BBB"
    assert "treaty 0.8 has no treaty_type" in caught.value.message
    doc["relations"]["AAA->BBB"]["treaty"] = 0.0  # no strength, no type: nothing to type
    load_scenario(write_yaml(tmp_path / "none.yaml", doc))
