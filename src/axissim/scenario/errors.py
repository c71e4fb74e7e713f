"""One error type for everything a user wrote wrong: which file, which field, what was expected."""

from __future__ import annotations


def format_path(path: tuple[str | int, ...]) -> str:
    """('observed', 2, 'level') -> 'observed[2].level'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


class ScenarioError(Exception):
    """Bad input: the CLI prints it as one line and exits with status 2."""

    def __init__(self, file: str, path: tuple[str | int, ...] | str, message: str) -> None:
        self.file = str(file)
        self.path = path if isinstance(path, str) else format_path(path)
        self.message = message
        super().__init__(f"{self.file}: {self.path}: {message}")
