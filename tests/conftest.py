"""Shared fixtures: paths to the shipped scenarios and a tiny hand-checkable scenario."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from axissim.engine.interests import INTEREST_NAMES

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "iran_2025.yaml"
VARIANTS = sorted((ROOT / "scenarios" / "variants").glob("*.yaml"))


def tiny_document(**changes) -> dict:
    """Decider AAA, war between BBB (side x) and CCC (side y), three steps.

    Exposures are simple enough to compute by hand; see test_kernel.py.
    """
    doc = {
        "name": "tiny",
        "steps": 3,
        "seed": 7,
        "choice": {"rule": "argmax", "temperature": 0.1},
        "weights": {
            "treaty": 1.0,
            "affinity": 1.0,
            "religious_suspicion": 1.0,
            "stake": 1.0,
            "escalation_risk": 1.0,
            "aid_cost": 1.0,
            "third_party_ties": 1.0,
            "sanctions_exposure": 1.0,
        },
        "countries": {
            "AAA": {"name": "A", "capability": 0.3, "source": "test"},
            "BBB": {"name": "B", "capability": 0.1, "source": "test"},
            "CCC": {"name": "C", "capability": 0.2, "source": "test"},
        },
        "relations": {
            "AAA->BBB": {
                "treaty": 0.8,
                "treaty_type": "mutual_defence",
                "affinity": 0.5,
                "suspicion": 0.2,
                "source": "test",
            },
            "AAA->CCC": {"hostility": 0.6, "ties": 0.5, "trade": 0.3, "source": "test"},
        },
        "conflicts": {
            "war": {
                "name": "war",
                "sides": {"x": {"belligerents": ["BBB"]}, "y": {"belligerents": ["CCC"]}},
                "initiator": "y",
                "deciders": ["AAA"],
                "source": "test",
            }
        },
        "observed": [
            {
                "decider": "AAA",
                "conflict": "war",
                "beneficiary": "BBB",
                "level": 1,
                "source": "test",
            }
        ],
    }
    doc.update(changes)
    # a scenario names every interest weight: the ones a test leaves out weigh 0, written out
    doc["weights"] = {k: doc["weights"].get(k, 0.0) for k in INTEREST_NAMES}
    return doc


def write_yaml(path: Path, doc: dict) -> Path:
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def tiny_path(tmp_path: Path) -> Path:
    return write_yaml(tmp_path / "tiny.yaml", tiny_document())


CHROMIUM = Path("/usr/bin/chromium")
NEEDS_CHROMIUM = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium; .ci/run does)",
)
BROWSER_TIMEOUT_MS = 30_000


@contextmanager
def headless_page(width: int, height: int, requested: list[str]):
    """A page in Debian's headless Chromium (playwright downloads no browser).

    Every URL the page requests, websockets included, is appended to `requested`; the
    browser is always closed.
    """
    from playwright.sync_api import sync_playwright

    args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=args, timeout=BROWSER_TIMEOUT_MS
        )
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_default_timeout(BROWSER_TIMEOUT_MS)
            page.on("request", lambda request: requested.append(request.url))
            page.on("websocket", lambda socket_: requested.append(socket_.url))
            yield page
        finally:
            browser.close()
