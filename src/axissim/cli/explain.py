"""`axissim explain SCENARIO DECIDER CONFLICT`: a decision's utilities split into interests."""

from __future__ import annotations

import argparse
import json

from axissim.cli.arguments import (
    add_json,
    add_out,
    add_scenario,
    add_set,
    load,
    non_negative,
    seed,
)
from axissim.levels import LEVEL_NAMES
from axissim.wording import (
    Names,
    interest_words,
    missing,
    observed_text,
    outcome_text,
    probability,
    signed,
    table,
)

HELP = "split a decision's utilities into named interests"


def register(commands) -> None:
    p = commands.add_parser(
        "explain",
        help=HELP,
        description="Split each option's utility of the decision `axissim run` reports into its "
        "named interests, as a table and a chart: by default a world that holds the modal "
        "policy, at the step it adopted it; the state is that world run up to the step before. "
        "Ids are matched in any case: `explain SCENARIO rus israel_iran`.",
    )
    add_scenario(p)
    p.add_argument("decider", metavar="DECIDER", help="country id of the decider, e.g. RUS")
    p.add_argument("conflict", metavar="CONFLICT", help="conflict id, e.g. israel_iran")
    add_set(p)
    p.add_argument(
        "--step", type=non_negative, metavar="N", help="step to explain (the policy's adoption)"
    )
    p.add_argument(
        "--seed",
        type=seed,
        metavar="N",
        help="world to explain (the first that holds the reported policy)",
    )
    p.add_argument(
        "--beneficiary", metavar="ID", help="side to show, by its lead (the observed one)"
    )
    p.add_argument(
        "--knockout",
        action="store_true",
        help="also set each interest's weight to 0 in turn (and the article's reasons together) "
        "and say how P(observed) changes over the same 1,000 worlds; writes "
        "knockout_DECIDER_CONFLICT.csv beside the chart",
    )
    add_out(p, "the run's folder, results/<scenario name>")
    add_json(p)
    p.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    from axissim.scenario import ids

    scenario = load(args)  # and the ids, before NumPy loads: bad input is refused at once
    decider, conflict = ids.decision(scenario, args.decider, args.conflict, "explain")
    from axissim.folders import run as run_folder
    from axissim.studies.explain import explain, explanation_document
    from axissim.studies.knockout import knockout, knockout_document

    side = args.beneficiary and ids.country(scenario, args.beneficiary, "explain", "--beneficiary")
    e = explain(scenario, decider, conflict, args.step, args.seed, side)
    knocked = knockout(scenario, decider, conflict) if args.knockout else None
    folder = args.out or run_folder.default(scenario, args.set or [])
    chart = run_folder.write_explanation(e, folder, Names.of(scenario))
    csv = knocked is not None and run_folder.write_knockout(knocked, folder, decider, conflict)
    if args.json:
        document = explanation_document(e, chart)
        if knocked is not None:
            document.update(knockout=knockout_document(knocked), knockout_csv=str(csv))
        print(json.dumps(document, indent=2))
        return 0
    when = f"step {e.step}" + (f" ({e.date})" if e.date else "")
    chosen = LEVEL_NAMES[e.chosen_level] if e.chosen_level >= 0 else f"aid to {e.other_side}"
    print(
        f"{e.decider} on {e.conflict} at {when}, world {e.seed}: aid to {e.beneficiary}, "
        f"chooses {chosen} (the policy it then holds)"
    )
    levels = list(LEVEL_NAMES)
    rows = [
        [
            name,
            f"{e.weights[name]:.2f}",
            f"{e.exposures[name]:.3f}",
            *(signed(e.contributions.loc[name, lv]) for lv in levels),
        ]
        for name in e.contributions.index
    ]
    rows.append(["= utility", "", "", *(signed(e.utility[lv]) for lv in levels)])
    rows.append(["+ leaning", "", "", *(signed(e.leaning[lv]) for lv in levels)])
    rows.append(["= total", "", "", *(signed(e.total[lv]) for lv in levels)])
    rows.append(["P(policy)", "", "", *(f"{e.probability[lv]:.3f}" for lv in levels)])
    print(table(rows, ["interest", "weight", "exposure", *levels]))
    level, total = e.other_side_best
    print(
        f"\nthe highest total is chosen; best aid to {e.other_side}: {LEVEL_NAMES[level]} at "
        f"{signed(total)}. leaning: world {e.seed}'s private leaning (temperature x a Gumbel "
        f"draw). P(policy): share of {e.worlds:,} worlds holding the level at the end."
    )
    print(f"chart written to {chart}")
    if knocked is not None:
        print_knockout(knocked)
        print(f"knock-out table written to {csv}")
    return 0


def print_knockout(knocked) -> None:
    """The knock-out table in words: the baseline, then a row per knock-out."""
    from axissim.studies.knockout import OBSERVED, REPLICATES

    first = knocked.iloc[0]
    aimed = observed_text(first.observed, first.observed_beneficiary)
    what = "observed" if first.observation == OBSERVED else "the baseline's modal policy"
    print(
        f"\nknock-outs: each interest's weight set to 0 in turn (a group's together), the others "
        f"at the scenario's, over the same {REPLICATES:,} worlds. P(observed): share "
        f"holding {aimed} ({what}); without the knock-out {probability(first.baseline_p_observed)}"
        f", the policy most often held {_policy(first, 'baseline_')}."
    )
    rows = [
        [
            _knocked(row),
            "" if missing(row.weight) else f"{row.weight:.2f}",
            probability(row.p_observed),
            signed(row.change),
            _policy(row),
        ]
        for row in knocked.itertuples(index=False)
    ]
    print(table(rows, ["knocked out", "weight", "P(observed)", "change", "policy most held"]))
    groups = knocked[knocked.knocked_out != knocked.interests]
    together = "; ".join(
        f"{g.knocked_out}: {', '.join(interest_words(n) for n in g.interests.split(', '))}"
        for g in groups.itertuples(index=False)
    )
    print(
        "policy most held: the level most worlds hold at the end, the side it most often aids "
        "and (the share of worlds at that level)" + (f". together: {together}" if together else "")
    )


def _knocked(row) -> str:
    """An interest in words, or a group's name."""
    return interest_words(row.knocked_out) if row.knocked_out == row.interests else row.knocked_out


def _policy(row, prefix: str = "") -> str:
    """The modal policy level, whom it aids and P(level): "rhetorical -> IRN (0.39)"."""
    level, aided = getattr(row, f"{prefix}modal"), getattr(row, f"{prefix}modal_beneficiary")
    return f"{outcome_text(level, aided)} ({probability(getattr(row, f'{prefix}p_modal'))})"
