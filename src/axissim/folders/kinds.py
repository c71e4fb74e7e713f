"""Every kind of results folder, known by the files it holds: what the report reads."""

from __future__ import annotations

from pathlib import Path

from axissim.errors import InputError
from axissim.folders import backtest, calibration, corpus, discovery, run, sweep, tipping

KINDS: dict[str, tuple[str, ...]] = {
    "run": run.DETECT,
    "tipping": tipping.DETECT,
    "calibration": calibration.DETECT,
    "sweep": sweep.DETECT,
    "discovery": discovery.DETECT,
    "backtest": backtest.DETECT,
    "corpus": corpus.DETECT,
}
"""A folder's kind, by the files it must hold."""
RATHER = {"backtest": "corpus"}
"""A folder of the second kind also holds the first's files, and is only the second."""


def kinds_of(folder: Path) -> list[str]:
    """The kinds whose files `folder` holds (none for a folder of anything else)."""
    found = [kind for kind, needed in KINDS.items() if all((folder / n).is_file() for n in needed)]
    return [kind for kind in found if RATHER.get(kind) not in found]


def gather(roots: list[Path]) -> dict[str, list[Path]]:
    """Every folder at or below each root, by kind, each once, in the order found."""
    found: dict[str, list[Path]] = {kind: [] for kind in KINDS}
    for root in roots:
        if not root.is_dir():
            raise InputError(str(root), "", "not a folder")
        for folder in [root, *sorted(p for p in root.rglob("*") if p.is_dir())]:
            for kind in kinds_of(folder):
                if folder not in found[kind]:
                    found[kind].append(folder)
    return found
