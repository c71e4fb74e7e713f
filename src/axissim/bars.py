"""Progress bars with the time left: on a terminal, nothing when the output is piped.

A library function that can run for more than a few seconds takes `progress`, a factory
`progress(total, description, unit)` of bars with `update(n)` and `close()` (usable in `with`);
it is quiet by default, and the command line passes `terminal()`. The environment variable
AXISSIM_PROGRESS=1 (or 0) forces the bars on (or off) whatever standard error is.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, Protocol

FORCE = "AXISSIM_PROGRESS"
"""1: bars even when standard error is not a terminal (a log, a test); 0: never."""


class Bar(Protocol):
    def update(self, n: int = 1) -> Any: ...

    def close(self) -> Any: ...

    def __enter__(self) -> Bar: ...

    def __exit__(self, *exc: object) -> Any: ...


Progress = Callable[..., Bar]
"""progress(total, description="", unit="it", initial=0) -> Bar (initial: done already)."""


class _Quiet:
    """A bar that shows nothing."""

    def update(self, n: int = 1) -> None:
        pass

    def set_description_str(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> _Quiet:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def quiet(total: int = 0, description: str = "", unit: str = "it", initial: int = 0) -> Bar:
    """No bar: what library functions show unless told otherwise."""
    return _Quiet()


def _tqdm(total: int = 0, description: str = "", unit: str = "it", initial: int = 0) -> Bar:
    from tqdm import tqdm

    return tqdm(
        total=total,
        initial=initial,
        desc=description,
        unit=unit,
        unit_scale=total >= 100_000,
        smoothing=0.1,
        dynamic_ncols=True,
        file=sys.stderr,
    )


def wanted(enabled: bool | None = None) -> bool:
    """Whether to show bars: `enabled` if given, else AXISSIM_PROGRESS if set, else whether
    standard error is a terminal."""
    if enabled is not None:
        return enabled
    forced = os.environ.get(FORCE, "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    stream = sys.stderr
    return stream is not None and hasattr(stream, "isatty") and stream.isatty()


def terminal(enabled: bool | None = None) -> Progress:
    """tqdm bars on standard error when `wanted(enabled)`, else quiet ones."""
    return _tqdm if wanted(enabled) else quiet


def resolve(progress: Progress | bool | None) -> Progress:
    """A `progress` argument as a factory: a factory as it is; True, False or None (bars on a
    terminal) through `terminal`."""
    if progress is None or isinstance(progress, bool):
        return terminal(progress)
    return progress
