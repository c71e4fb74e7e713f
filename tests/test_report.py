"""The one-file HTML report: what it gathers, and how it reads in a real browser, offline.

The folder is built from the two-decider scenario of test_discover: AAA's treaty with BBB (0.8,
weight 1.2) buys economic aid, DDD's (0.5) only words; tipping points are known in closed
form (AAA's treaty weight flips to words at 0.75 / 0.8 = 0.9375, its treaty at 0.625).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import NEEDS_CHROMIUM, headless_page
from test_discover import two_decider_sweep

from axissim import load_scenario
from axissim.charts.explanation import plot_explanation
from axissim.cli import main
from axissim.folders import discovery as discovery_folder
from axissim.folders import run as run_folder
from axissim.folders import tipping as tipping_folder
from axissim.readers.discover import discover
from axissim.studies.explain import explain
from axissim.studies.run import run_scenario
from axissim.studies.tipping import search_settings, tipping_report

CHARTS = 8
"""decision matrix, network, timeline, one explanation, two tornadoes, the sweep's heatmap,
the discovery's boxes (its peeling chart is left out: every box covers all the outcome's
points, so there is no trade-off to show, and the report says so)."""


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    """A run folder with an explanation and tipping points, a sweep with a discovery, and a
    calibration folder written by hand."""
    root = tmp_path_factory.mktemp("report")
    path, sweep = two_decider_sweep(root)
    discovery_folder.write(
        discover(sweep, "p_material[AAA:war] > 0.5 and p_material[DDD:war] < 0.5"), sweep
    )
    scenario = load_scenario(path)
    run = root / "results" / "two"
    run_folder.write(run_scenario(scenario, 100), run, path)
    plot_explanation(explain(scenario, "AAA", "war"), run / "explain_AAA_war.png")
    tables, spreads = tipping_report(scenario, None, None, 0)
    tipping_folder.write(run / "tipping", scenario, path, tables, spreads, None,
                         search_settings(None, 0))  # fmt: skip
    calibration = root / "calibration"
    calibration.mkdir()
    pd.DataFrame(
        {"observation": ["two/AAA:war"], "p_observed": [0.9876], "standard_error": [0.0042]}
    ).to_csv(calibration / "evidence.csv", index=False)
    pd.DataFrame(
        {
            "parameter": ["treaty"],
            "prior_low": [0.0],
            "prior_high": [5.0],
            "posterior_q05": [1.234],
            "posterior_q95": [2.5],
            "shrinkage": [0.3],
            "verdict": ["pinned down"],
        }
    ).to_csv(calibration / "identifiability.csv", index=False)
    return {"run": run, "sweep": sweep, "calibration": calibration}


@pytest.fixture(scope="module")
def report(folders) -> Path:
    out = folders["run"] / "report.html"
    args = ["report", str(folders["run"]), "--include", str(folders["sweep"])]
    assert main([*args, "--include", str(folders["calibration"])]) == 0
    return out


@pytest.mark.slow  # builds the `report` fixture (about 7 s) with the test beside it
def test_the_report_gathers_every_kind_of_result_into_one_file(report, folders):
    text = report.read_text(encoding="utf-8")
    anchors = re.findall(r'<section id="([^"]+)"', text)
    assert anchors == [
        "glance",
        "scenario-two",
        "decisions-two",
        "explanations",
        "tipping-tiny",
        "calibration-calibration",
        "sweep-grid",
        "discover-grid-discover",
    ]
    sources = re.findall(r'<img src="([^"]{0,22})', text)
    assert len(sources) == CHARTS and set(sources) == {"data:image/png;base64,"}
    assert "<script" not in text and not re.search(r'(src|href)="(?!data:|#)', text)
    assert (
        "Skipped: peeling chart left out: every box along the trajectory keeps coverage 1" in text
    )
    # the tipping points in closed form, and the calibration's numbers, as written
    assert "<code>AAA-&gt;BBB.treaty</code>" in text
    assert '0.625: <span class="level l1">rhetorical → BBB</span>' in text
    assert '0.938: <span class="level l1">rhetorical → BBB</span>' in text  # 0.9375
    assert "<td>two/AAA:war</td><td class=num>0.988</td><td class=num>0.004</td>" in text
    assert "<td>1.23 to 2.50</td>" in text
    # the discovery's box, with today's values
    assert '<td>&gt;= 0.65</td><td>0 to 1</td><td>0.8 (<span class="inside">' in text
    assert '<td>&lt;= 0.65</td><td>0 to 1</td><td>0.5 (<span class="inside">' in text


def test_report_of_a_folder_without_results_is_an_error(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    assert "no results here" in capsys.readouterr().err


@pytest.mark.slow  # builds the `report` fixture (about 7 s) with the test beside it
@NEEDS_CHROMIUM
def test_the_report_reads_in_a_browser_and_loads_nothing(report, tmp_path):
    from playwright.sync_api import expect

    url = report.resolve().as_uri()
    requested: list[str] = []
    with headless_page(1280, 900, requested) as page:
        page.goto(url)
        glance = page.locator("#glance tbody tr")
        expect(glance).to_have_count(2)
        expect(glance.nth(0)).to_contain_text("AAA:war")
        expect(glance.nth(0)).to_contain_text("economic → BBB P = 1")
        expect(glance.nth(0).locator("td").nth(2)).to_have_text("economic → BBB")
        expect(glance.nth(0).locator("td").nth(3)).to_have_text("yes")
        expect(glance.nth(1)).to_contain_text("DDD:war")
        expect(glance.nth(1)).to_contain_text("rhetorical → BBB P = 1")
        decisions = page.locator("#decisions-two")
        expect(decisions.locator("thead")).to_contain_text("observed")
        expect(decisions.locator("tbody tr").nth(0)).to_have_text(
            re.compile(r"AAA\s*war\s*economic → BBB\s*0\s*0\s*1\s*0\s*0\s*economic → BBB\s*1")
        )
        tipping = page.locator("#tipping-tiny")
        expect(tipping.locator("h3")).to_have_text(
            ["AAA:war: today economic → BBB", "DDD:war: today rhetorical → BBB"]
        )
        expect(tipping.locator("tr", has_text="AAA->BBB.treaty")).to_contain_text(
            "0.625: rhetorical → BBB"
        )
        widths = page.evaluate("Array.from(document.images, i => i.naturalWidth)")
        assert len(widths) == CHARTS and min(widths) > 0
        shot = page.screenshot(path=tmp_path / "report.png", full_page=True)
        if os.environ.get("AXISSIM_REPORT_SCREENSHOT"):
            Path(os.environ["AXISSIM_REPORT_SCREENSHOT"]).write_bytes(shot)
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"
    assert requested == [url], f"requests beyond the file: {requested[1:]}"


SHIPPED = Path(__file__).resolve().parent.parent / "results"
BASELINE_FOLDERS = [
    SHIPPED / "iran_2025",
    SHIPPED / "calibration_iran_2025",
    SHIPPED / "sweeps" / "russia_iran_treaty",
    SHIPPED / "backtest",
]
MAX_BYTES = 2_000_000


@pytest.fixture(scope="module")
def baseline_report(tmp_path_factory) -> tuple[Path, str]:
    """The report of the shipped baseline run (with its tipping points and explanations), the
    calibration, a sweep with its discovery and the back-test, and a folder it does not know."""
    if not all(f.is_dir() for f in BASELINE_FOLDERS):
        pytest.skip("the shipped results are not here")
    root = tmp_path_factory.mktemp("baseline")
    stray = root / "notes"
    stray.mkdir()
    (stray / "todo.txt").write_text("not a result\n")
    out = root / "report.html"
    args = ["report", str(BASELINE_FOLDERS[0])]
    for folder in [*BASELINE_FOLDERS[1:], stray]:
        args += ["--include", str(folder)]
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main([*args, "--out", str(out)]) == 0
    return out, err.getvalue()


def test_the_baseline_report_has_every_kind_and_stays_small(baseline_report):
    out, err = baseline_report
    text = out.read_text(encoding="utf-8")
    anchors = re.findall(r'<section id="([^"]+)"', text)
    kinds = ["warnings", "glance", "scenario-", "decisions-", "explanations", "tipping-"]
    kinds += ["calibration-", "sweep-", "discover-", "backtest-"]
    for kind in kinds:
        assert any(a.startswith(kind) for a in anchors), kind
    assert anchors[0] == "warnings" and anchors[-1] == "backtest-backtest"
    # the menu reaches every sweep and every discovery
    nav = re.search(r'<nav class="toc">(.*?)</nav>', text, re.S).group(1)
    for anchor in anchors:
        if anchor.startswith(("sweep-", "discover-")):
            assert f'href="#{anchor}"' in nav
    # the folder it does not know: on stderr and in the report
    assert "axissim: warning: report:" in err and "notes: not a results folder" in err
    assert "notes: not a results folder the report knows" in text
    assert out.stat().st_size < MAX_BYTES, f"{out.stat().st_size:,} bytes"
    # every image a palette PNG
    import base64

    for data in re.findall(r'src="data:image/png;base64,([^"]+)"', text):
        assert base64.b64decode(data[:44])[25] == 3  # colour type 3: indexed


@NEEDS_CHROMIUM
def test_the_baseline_report_reads_at_420_px_without_sideways_scrolling(baseline_report):
    out, _ = baseline_report
    url = out.resolve().as_uri()
    requested: list[str] = []
    with headless_page(420, 900, requested) as page:
        page.goto(url)
        widths = page.evaluate("Array.from(document.images, i => i.naturalWidth)")
        assert widths and min(widths) > 0  # every image decodes
        assert page.evaluate("document.documentElement.scrollWidth") <= 420
        wide = page.evaluate(
            """Array.from(document.querySelectorAll('main *')).filter(e =>
                 e.getBoundingClientRect().right > innerWidth + 1 && !e.closest('div.scroll')
               ).map(e => e.tagName).slice(0, 5)"""
        )
        assert wide == []
        scroll = page.locator("div.scroll").first
        assert scroll.evaluate("e => getComputedStyle(e).overflowX") == "auto"
        for heading in ("Back-test", "Calibration", "Tipping points", "Warnings"):
            assert page.locator("nav.toc a", has_text=heading).count() >= 1
    assert requested == [url], f"requests beyond the file: {requested[1:]}"


def test_every_kind_of_results_folder_has_a_section_builder():
    from axissim.folders.kinds import KINDS
    from axissim.readers.report.page import SECTIONS

    assert set(KINDS) <= set(SECTIONS), "register a section builder for each kind of folder"
