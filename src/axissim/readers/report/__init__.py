"""`axissim report DIR`: everything a results folder holds, in one self-contained HTML file.

DIR, every folder below it, and every `--include` folder and the folders below it, are read
for what they hold, known by their files (folders.kinds):

    run          summary.csv and manifest.json (`axissim run`), with explain_*.png when
                 `axissim explain` wrote there
    tipping      tipping.csv (`axissim tipping`)
    calibration  evidence.csv and identifiability.csv (`axissim calibrate`)
    sweep        points.parquet and outcomes.parquet (`axissim sweep`), indices.csv if any
    discovery    boxes.csv and peeling.csv (`axissim discover`)

A run's scenario (description, countries, observations and their sources) is read from the
scenario file its manifest names, when that path can be read from the current folder.

Charts are embedded as base64 data URIs and the style sheet is inline; there is no script, so
the file opens anywhere, offline, and can be mailed on. It is written atomically.

html.py holds the HTML pieces, runs.py, studies.py and sweeps.py the sections of each kind of
folder, page.py the page around them; the words are axissim.wording's, as on the terminal.
"""

from axissim.readers.report.page import REPORT, build, write_report

__all__ = ["REPORT", "build", "write_report"]
