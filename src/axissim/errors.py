"""The one error type for bad input (a scenario, weights, sweep or data file, an option, a results
folder): which file, which field, what was expected."""

from __future__ import annotations

from typing import Any


def format_path(path: tuple[str | int, ...]) -> str:
    """('observed', 2, 'level') -> 'observed[2].level'; () -> '' (the file as a whole)."""
    out = ""
    for part in path:
        if isinstance(part, str) and not part.isprintable():
            part = repr(part)  # a key with a line break or a control character stays on one line
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def shorten(value: Any, width: int = 60) -> str:
    """A value as a message shows it: repr, cut to `width` characters; a mapping by its kind."""
    if isinstance(value, dict):
        return "a mapping"
    text = repr(value)
    return text if len(text) <= width else text[: width - 4] + " ..."


class InputError(Exception):
    """Bad input: the CLI prints it as one line and exits with status 2.

    `file` is the file the offending value came from (or an option such as "--set"), `path` its
    YAML path
    ("" when the problem is the file as a whole), `message` what is wrong, and `line` the line
    of `file` where the offending value is written, when known (shown as "(line N)").
    """

    def __init__(
        self,
        file: str,
        path: tuple[str | int, ...] | str,
        message: str,
        line: int | None = None,
    ) -> None:
        self.file = str(file)
        self.path = path if isinstance(path, str) else format_path(path)
        self.message = message
        self.line = line
        where = f"{self.file}: {self.path}" if self.path else self.file
        suffix = f" (line {line})" if line else ""
        super().__init__(" ".join(f"{where}: {message}{suffix}".splitlines()))
