"""The command line's conventions: version, help, metavariables, "did you mean", ids in any
case, and the refusals that come before any work, each with its exact message."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from importlib.metadata import version

import pytest
from conftest import BASELINE, ROOT

from axissim.cli import COMMANDS, build_parser, main
from axissim.cli.arguments import SET_EXAMPLE

WORKFLOW = [
    "check", "run", "explain", "calibrate", "tipping", "sweep", "plot", "discover", "report",
    "backtest", "data", "explore",
]  # fmt: skip


def refused(capsys, *argv: str) -> str:
    """Run the command; it must refuse with exit status 2 and one line; that line."""
    assert main(list(argv)) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1, captured
    return captured.err.rstrip("\n")


def usage_error(capsys, *argv: str) -> str:
    """An argparse refusal: exit status 2 after the usage; its last line."""
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    assert exit_.value.code == 2
    return capsys.readouterr().err.splitlines()[-1]


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Every command's parser, `data scenario` included, by its name."""
    found = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[name] = sub
                found.update({f"{name} {k}": v for k, v in subcommands(sub).items()})
    return found


# --- version and help ---


def test_version_prints_the_installed_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"axissim {version('axissim')}\n"


def test_axissim_alone_prints_the_help_and_exits_0(capsys):
    assert main([]) == 0
    alone = capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert alone == capsys.readouterr().out
    assert alone.startswith("usage: axissim [-h] [--version] COMMAND ...")
    assert main(["data"]) == 0  # a group alone: its help
    assert "scenario" in capsys.readouterr().out


def test_commands_are_listed_in_the_order_of_the_workflow(capsys):
    assert [c.__name__.rpartition(".")[2] for c in COMMANDS] == WORKFLOW
    main([])
    listed = re.findall(r"^  (\w+) ", capsys.readouterr().out.split("commands:")[1], re.M)
    assert listed == WORKFLOW


def test_one_style_of_metavariables():
    for name, parser in subcommands(build_parser()).items():
        usage = parser.format_usage()
        for action in parser._actions:
            if action.nargs == 0 or isinstance(action, argparse._SubParsersAction):
                continue
            shown = action.metavar or "{" + ",".join(action.choices) + "}"
            assert action.choices or re.fullmatch(r"[A-Z][A-Z_:=,.]*", shown), (name, shown)
            assert shown in usage, (name, shown)
        assert not re.search(r"--(\w[\w-]*) \1\b", usage, re.I), usage  # --replicates REPLICATES


def test_every_help_with_set_quotes_its_example():
    with_set = [n for n, p in subcommands(build_parser()).items() if "--set" in p.format_help()]
    assert sorted(with_set) == ["calibrate", "check", "explain", "explore", "run", "tipping"]
    for name in with_set:
        text = " ".join(subcommands(build_parser())[name].format_help().split())
        assert SET_EXAMPLE in text, name
    assert SET_EXAMPLE in " ".join(build_parser().format_help().split())


# --- did you mean ---


def test_a_misspelt_command_gets_did_you_mean(capsys):
    assert usage_error(capsys, "chek", "x.yaml") == (
        "axissim: error: argument COMMAND: invalid choice: 'chek'; did you mean 'check'? "
        "(choose from 'check', 'run', 'explain', 'calibrate', 'tipping', 'sweep', 'plot', "
        "'discover', 'report', 'backtest', 'data', 'explore')"
    )
    assert usage_error(capsys, "calibrate", str(BASELINE), "--method", "fitt") == (
        "axissim calibrate: error: argument --method: invalid choice: 'fitt'; did you mean "
        "'fit'? (choose from 'fit', 'abc')"
    )


def test_a_missing_file_gets_the_closest_name(capsys):
    typo = BASELINE.parent / "iran_2052.yaml"
    assert refused(capsys, "check", str(typo)) == (
        f"axissim: error: {typo}: file not found; did you mean {BASELINE}?"
    )
    folder = BASELINE.parent / "varients" / "china_without_gulf.yaml"
    meant = BASELINE.parent / "variants" / "china_without_gulf_oil.yaml"
    assert refused(capsys, "run", str(folder)) == (
        f"axissim: error: {folder}: file not found; did you mean {meant}?"
    )
    sweep = BASELINE.parent / "sweeps" / "russia_iran_treaty.yml"
    assert refused(capsys, "sweep", str(sweep)) == (
        f"axissim: error: {sweep}: file not found; did you mean {sweep.with_suffix('.yaml')}?"
    )


def test_a_misspelt_id_gets_the_closest_and_any_case_is_read(tmp_path, capsys):
    assert refused(capsys, "explain", str(BASELINE), "RSU", "israel_iran") == (
        "axissim: error: explain: no decision RSU:israel_iran: no country 'RSU' in the "
        "scenario; did you mean RUS?"
    )
    assert refused(capsys, "explain", str(BASELINE), "RUS", "israel_irn") == (
        "axissim: error: explain: no decision RUS:israel_irn: no conflict 'israel_irn' in the "
        "scenario; did you mean israel_iran?"
    )
    argv = ["explain", str(BASELINE), "rus", "ISRAEL_IRAN", "--beneficiary", "irn"]
    assert main([*argv, "--out", str(tmp_path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["decider"], doc["conflict"], doc["beneficiary"]) == ("RUS", "israel_iran", "IRN")


def test_explain_says_why_a_country_decides_nothing(capsys):
    assert refused(capsys, "explain", str(BASELINE), "IRN", "israel_iran") == (
        "axissim: error: explain: no decision IRN:israel_iran: IRN fights in israel_iran (a "
        "belligerent), so it decides nothing there; the deciders of israel_iran are RUS, CHN, "
        "PRK (IRN decides in ukraine)"
    )
    assert refused(capsys, "explain", str(BASELINE), "usa", "israel_iran").endswith(
        "USA fights in israel_iran (a belligerent), so it decides nothing there; the deciders "
        "of israel_iran are RUS, CHN, PRK"
    )  # it joins at step 21
    assert refused(capsys, "explain", str(BASELINE), "EUU", "ukraine") == (
        "axissim: error: explain: no decision EUU:ukraine: EUU supports UKR in ukraine from the "
        "start, so it decides nothing there; the deciders of ukraine are PRK, IRN, CHN"
    )
    assert refused(capsys, "explain", str(BASELINE), "ISR", "ukraine") == (
        "axissim: error: explain: no decision ISR:ukraine: ISR is no decider in ukraine; the "
        "deciders of ukraine are PRK, IRN, CHN"
    )


# --- --set ---


def test_a_set_of_a_missing_relation_says_it_needs_a_source(capsys):
    assert refused(capsys, "check", str(BASELINE), "--set", "relations.CHN->PRK.treaty=1") == (
        "axissim: error: --set: relations.CHN->PRK.treaty: the scenario has no relation "
        "CHN->PRK; setting a new one needs a source: "
        "--set 'relations.CHN->PRK={treaty: 1, treaty_type: mutual_defence, source: my note}'"
    )
    assert refused(capsys, "check", str(BASELINE), "--set", "relations.rus->irn.treaty=1") == (
        "axissim: error: --set: relations.rus->irn.treaty: the scenario has no relation "
        "rus->irn (did you mean RUS->IRN?); setting a new one needs a source: "
        "--set 'relations.rus->irn={treaty: 1, treaty_type: mutual_defence, source: my note}'"
    )
    new = "relations.CHN->PRK={treaty: 1, treaty_type: mutual_defence, source: my note}"
    assert main(["check", str(BASELINE), "--set", new]) == 0
    assert "31 relations" in capsys.readouterr().out


def test_a_set_cut_at_a_redirect_says_to_quote_it(capsys, monkeypatch):
    monkeypatch.setattr("axissim.files.stdout_file", lambda: None)
    assert refused(capsys, "check", str(BASELINE), "--set", "relations.RUS-") == (
        "axissim: error: --set: relations.RUS-: expected dotted.path=value, got "
        "'relations.RUS-'; it looks cut at '>' (the shell reads -> as a redirect): quote it, "
        "--set 'relations.RUS->...'"
    )
    assert refused(capsys, "check", str(BASELINE), "--set", "seed") == (
        "axissim: error: --set: seed: expected dotted.path=value, got 'seed'"
    )


def test_the_shells_stray_file_completes_the_hint(tmp_path):
    """As `axissim check SCENARIO --set relations.RUS->IRN.treaty=1` typed unquoted: the shell
    passes relations.RUS- and sends standard output to a new file IRN.treaty=1."""
    stray = tmp_path / "IRN.treaty=1"
    with stray.open("w") as out:
        proc = subprocess.run(
            [sys.executable, "-m", "axissim", "check", str(BASELINE), "--set", "relations.RUS-"],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
        )
    assert proc.returncode == 2
    assert proc.stderr == (
        "axissim: error: --set: relations.RUS-: expected dotted.path=value, got "
        "'relations.RUS-'; it looks cut at '>' (the shell reads -> as a redirect): quote it, "
        "--set 'relations.RUS->IRN.treaty=1', and delete the file 'IRN.treaty=1' the shell made\n"
    )


def test_a_scenario_path_cut_at_a_redirect_says_to_quote_it(capsys, monkeypatch):
    monkeypatch.setattr("axissim.files.stdout_file", lambda: None)
    cut = BASELINE.parent / "variants" / "what-"
    assert refused(capsys, "run", str(cut)) == (
        f"axissim: error: {cut}: file not found; it looks cut at '>' (the shell reads -> as a "
        f"redirect): quote it, '{cut}>...'"
    )


# --- refused before any work ---


def test_a_folder_given_as_a_scenario(tmp_path, capsys):
    assert refused(capsys, "check", str(BASELINE.parent)) == (
        f"axissim: error: {BASELINE.parent}: a folder, not a scenario file; e.g. {BASELINE}"
    )
    assert refused(capsys, "run", str(tmp_path)) == (
        f"axissim: error: {tmp_path}: a folder, not a scenario file"
    )
    assert refused(capsys, "sweep", str(tmp_path)) == (
        f"axissim: error: {tmp_path}: a folder, not a sweep file"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["run", str(BASELINE)],
        ["tipping", str(BASELINE)],
        ["explain", str(BASELINE), "RUS", "israel_iran"],
        ["calibrate", str(BASELINE)],
        ["backtest"],
        ["sweep", str(ROOT / "scenarios" / "sweeps" / "russia_iran_treaty.yaml")],
    ],
    ids=lambda argv: argv[0],
)
def test_an_out_that_is_a_file_is_refused_before_any_work(argv, tmp_path, capsys, monkeypatch):
    import axissim.studies.run

    def ran(*args, **kwargs):
        raise AssertionError("a simulation ran")

    monkeypatch.setattr(axissim.studies.run, "run_scenario", ran)
    monkeypatch.setattr("axissim.scenario.load_scenario", ran)
    taken = tmp_path / "taken.txt"
    taken.write_text("keep me")
    assert refused(capsys, *argv, "--out", str(taken)) == (
        f"axissim: error: {taken}: expected a results folder, but this is a file"
    )
    assert taken.read_text() == "keep me"


def test_an_out_file_that_is_a_folder_is_refused(tmp_path, capsys):
    assert refused(capsys, "report", str(tmp_path), "--out", str(tmp_path)) == (
        f"axissim: error: {tmp_path}: expected a file to write, but this is a folder"
    )
    argv = ["data", "scenario", "--war", "58", "--out", str(tmp_path)]
    assert refused(capsys, *argv) == (
        f"axissim: error: {tmp_path}: expected a file to write, but this is a folder"
    )


def test_a_whole_number_option_says_what_it_expects(capsys):
    assert usage_error(capsys, "run", str(BASELINE), "--replicates", "ten") == (
        "axissim run: error: argument --replicates: expected a whole number >= 1, got 'ten'"
    )
    assert usage_error(capsys, "explain", str(BASELINE), "RUS", "x", "--step", "-1") == (
        "axissim explain: error: argument --step: expected a whole number >= 0, got '-1'"
    )


# --- explore's SCENARIO is optional ---


def test_explore_defaults_to_the_baseline_when_it_is_here(tmp_path, capsys, monkeypatch):
    calls = []
    monkeypatch.setattr("axissim.abm.app.serve", lambda *args: calls.append(args))
    monkeypatch.chdir(ROOT)
    assert main(["explore", "--no-browser"]) == 0
    assert calls == [("scenarios/iran_2025.yaml", [], "127.0.0.1", 8765, False)]
    assert "iran_2025 at http://127.0.0.1:8765/" in capsys.readouterr().out
    monkeypatch.chdir(tmp_path)
    assert refused(capsys, "explore") == (
        "axissim: error: explore: SCENARIO: none given, and no scenarios/iran_2025.yaml here"
    )


def test_the_readme_documents_explore_scenario_as_optional():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `axissim explore"))
    assert row.startswith("| `axissim explore [SCENARIO]") and "scenarios/iran_2025.yaml" in row


def test_decision_ids_in_any_case():
    from axissim.errors import InputError
    from axissim.scenario import load_scenario
    from axissim.scenario.ids import closest, decision_key

    scenario = load_scenario(BASELINE)
    assert decision_key(scenario, "prk:UKRAINE", "tipping", "--decision") == "PRK:ukraine"
    assert closest("RSU", scenario.countries) == "RUS" and closest("XYZ", ["RUS"]) is None
    with pytest.raises(InputError) as error:
        decision_key(scenario, "ukraine", "tipping", "--decision")
    assert str(error.value) == (
        "tipping: --decision: expected DECIDER:CONFLICT, e.g. RUS:israel_iran; got 'ukraine'"
    )
