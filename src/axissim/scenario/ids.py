"""Country, conflict and decision ids as a user types them on the command line: matched without
regard to case ("rus" is RUS), with the closest id when one is misspelt, and the reason when a
country decides nothing about a conflict (it fights in it, or supports a side)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from axissim.errors import InputError

if TYPE_CHECKING:
    from axissim.scenario.schema import Conflict, Scenario


def closest(text: str, known: Iterable[str]) -> str | None:
    """The known name closest to `text` (ignoring case), if any is close: one with the same
    letters in another order (RSU: RUS), else the most similar."""
    by_case = {k.casefold(): k for k in known}
    said = text.casefold()
    swapped = [k for k in by_case if sorted(k) == sorted(said)]
    close = swapped or difflib.get_close_matches(said, list(by_case), n=1, cutoff=0.6)
    return by_case[close[0]] if close else None


def _find(text: str, known: Iterable[str]) -> str | None:
    """The known name `text` is, ignoring case."""
    return {k.casefold(): k for k in known}.get(text.casefold())


def _unknown(text: str, known: list[str], what: str) -> str:
    near = closest(text, known)
    hint = f"did you mean {near}?" if near else f"known: {', '.join(known)}"
    return f"no {what} {text!r} in the scenario; {hint}"


def country(scenario: Scenario, text: str, where: str, field: str) -> str:
    """The scenario's id of the country `text` names, in any case."""
    found = _find(text, scenario.countries)
    if found is None:
        raise InputError(where, field, _unknown(text, list(scenario.countries), "country"))
    return found


def decision(
    scenario: Scenario, decider: str, conflict: str, where: str, field: str = ""
) -> tuple[str, str]:
    """The (decider, conflict) ids of a decision, in any case; an InputError saying why when
    there is no such decision: an unknown id (with the closest), or a country that fights in
    the conflict or supports a side of it, or decides elsewhere."""
    cid, did = _find(conflict, scenario.conflicts), _find(decider, scenario.countries)
    if cid is None:
        reason = _unknown(conflict, list(scenario.conflicts), "conflict")
    elif did is None:
        reason = _unknown(decider, list(scenario.countries), "country")
    elif did in scenario.conflicts[cid].deciders:
        return did, cid
    else:
        war = scenario.conflicts[cid]
        reason = f"{_role(war, did, cid)}; {_deciders(scenario, war, cid, did)}"
    raise InputError(where, field, f"no decision {decider}:{conflict}: {reason}")


def _role(war: Conflict, country_: str, cid: str) -> str:
    """What a country that does not decide about a conflict is in it."""
    if country_ in war.fighters:
        return f"{country_} fights in {cid} (a belligerent), so it decides nothing there"
    for side in war.sides.values():
        if country_ in side.supporters:
            return (
                f"{country_} supports {side.belligerents[0]} in {cid} from the start, so it "
                "decides nothing there"
            )
    return f"{country_} is no decider in {cid}"


def _deciders(scenario: Scenario, war: Conflict, cid: str, country_: str) -> str:
    elsewhere = [k for k, c in scenario.conflicts.items() if country_ in c.deciders]
    text = f"the deciders of {cid} are {', '.join(war.deciders)}"
    return text + (f" ({country_} decides in {', '.join(elsewhere)})" if elsewhere else "")


def decision_key(scenario: Scenario, text: str, where: str, field: str) -> str:
    """ "DECIDER:CONFLICT" as the scenario writes its ids."""
    decider, colon, conflict = text.partition(":")
    if not colon or not decider or not conflict:
        message = f"expected DECIDER:CONFLICT, e.g. RUS:israel_iran; got {text!r}"
        raise InputError(where, field, message)
    return ":".join(decision(scenario, decider, conflict, where, field))
