"""Background jobs of the test session: each started once by key, run on the shared pool.

`start(key, fn)` submits `fn` the first time a key is seen and returns its future; later
calls with the same key return the same future. Tests call `.result()` when they need it
(the job's exception, if any, is raised there, in the test that needs it).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from python_tests.dbt_runner import jobs

_futures: dict[str, Future] = {}
_guard = threading.Lock()


# Priorities (lower starts sooner): the shared parses, the seeds build and what waits on it,
# the long lint runs, the fixture builds, then the many short commands.
PARSE, SEEDS, AFTER_SEEDS, LONG, BUILD, DEFAULT, SHORT = 0, 1, 2, 3, 5, 6, 7


def start(key: str, fn: Callable[[], Any], priority: int = DEFAULT) -> Future:
    with _guard:
        if key not in _futures:
            _futures[key] = jobs().submit(fn, priority)
        return _futures[key]


def result(key: str, fn: Callable[[], Any]) -> Any:
    """The job's result (started now if it was not started yet)."""
    return start(key, fn).result()


def max_workers() -> int:
    return max(1, int(os.environ.get("DBT_TEST_JOBS", "2")))
