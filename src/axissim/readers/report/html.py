"""The HTML pieces of the report: escaping, tables, figures, facts, level tags, sections."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from axissim.charts.style import compress_png
from axissim.wording import missing, outcome_text

ARROW = "→"
"""The report's arrow between a level and whom it aids (wording.ARROW, the terminal's, is
"->")."""


class Html(str):
    """Text that is already HTML: inserted as it is, never escaped again."""


def esc(value: Any) -> Html:
    return value if isinstance(value, Html) else Html(html.escape(str(value)))


def table(header: list[str], rows: list[list[Any]], numeric: set[int] = frozenset()) -> Html:
    """A table; cells are escaped unless Html; columns in `numeric` align right."""

    def cells(tag: str, values: list[Any]) -> str:
        return "".join(
            f"<{tag}{' class=num' if i in numeric else ''}>{esc(v)}</{tag}>"
            for i, v in enumerate(values)
        )

    body = "".join(f"<tr>{cells('td', row)}</tr>" for row in rows)
    return Html(
        f'<div class="scroll"><table><thead><tr>{cells("th", header)}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def image(path: Path, caption: str) -> Html:
    """A PNG embedded as a data URI, with its caption (also its alt text), re-encoded with a
    palette of 256 colours when it has none (charts written before axissim drew them so).

    It is shown at two thirds of its pixel width (charts are drawn at 150 dpi), so text in it
    reads at about the page's size and stays sharp on high-density screens; on a narrow screen
    it scales down to the page's width.
    """
    png = compress_png(path.read_bytes())
    width = int.from_bytes(png[16:20], "big") * 2 // 3  # the PNG header's width
    data = base64.b64encode(png).decode("ascii")
    return Html(
        f'<figure><img src="data:image/png;base64,{data}" width="{width}" '
        f'alt="{esc(caption)}" data-file="{esc(path.name)}">'
        f"<figcaption>{esc(caption)}</figcaption></figure>"
    )


def images(folder: Path, captions: dict[str, str]) -> list[Html]:
    """The charts of `captions` (file name -> caption) that `folder` holds, in that order."""
    return [image(folder / n, text) for n, text in captions.items() if (folder / n).is_file()]


def facts(pairs: list[tuple[str, Any]]) -> Html:
    """Name-value lines; a pair without a value (None, "") is left out."""
    return Html(
        '<dl class="facts">'
        + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in pairs if v not in (None, ""))
        + "</dl>"
    )


def level(value: Any, beneficiary: Any = "") -> Html:
    """A level as a coloured tag, with its beneficiary: 'arms → RUS'."""
    if missing(value):
        return Html("")
    text = outcome_text(value, beneficiary, ARROW)
    return Html(f'<span class="level l{int(value)}">{esc(text)}</span>')


def verdict(ok: Any) -> Html:
    if missing(ok):
        return Html("")
    return Html('<span class="yes">yes</span>' if ok else '<span class="no">no</span>')


def small(text: Any) -> Html:
    return Html(f'<span class="small">{esc(text)}</span>')


def code(text: Any) -> Html:
    return Html(f"<code>{esc(text)}</code>")


def note(text: str) -> Html:
    """A paragraph of small print (quotes need no escaping outside attributes)."""
    return Html(f'<p class="note">{html.escape(text, quote=False)}</p>')


def chips(pairs: list[tuple[str, str]]) -> Html:
    """Short name-value pairs flowing across the page."""
    return Html(
        '<p class="chips">'
        + "".join(f'<span class="chip">{esc(k)} <b>{esc(v)}</b></span>' for k, v in pairs)
        + "</p>"
    )


@dataclass(frozen=True)
class Section:
    kind: str  # what the table of contents calls it: one link per kind
    anchor: str
    title: str
    body: Html


def section(kind: str, anchor: str, title: str, lead: str, parts: list[str]) -> Section:
    text = f'<p class="lead">{esc(lead)}</p>' + "".join(parts)
    return Section(kind, anchor, title, Html(text))
