"""How often a planning page polls a running solve, and how many sessions are watching it.

Every session that has the planning page open while its week is being solved redraws the
progress line on a timer. A second's timer per watcher kept ten watchers' browsers and the
server busy all the time (BENCHMARKS.md, "Many people at once"), so the interval grows:

- with the solve's age: the first seconds are when the numbers move and someone has just
  pressed the button; after a minute the line changes slowly;
- with the number of sessions of this instance watching: together they redraw at most
  `REDRAWS_PER_SECOND` times a second, whatever their number.

The page reconsiders its interval every `RECONSIDER_S` seconds (Streamlit fixes a
fragment's `run_every` when the fragment is declared, see pages/planning_widgets.py).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

MIN_INTERVAL_S = 1.0
MAX_INTERVAL_S = 15.0
REDRAWS_PER_SECOND = 2.0  # all the watchers of one instance together
RECONSIDER_S = 30.0
# (age up to, interval): a solve younger than `age` seconds is polled at least this often.
BY_AGE = ((10.0, 1.0), (60.0, 2.0), (300.0, 5.0))
AFTER_BY_AGE = 10.0


def poll_interval(age_s: float, watchers: int) -> float:
    """Seconds between two progress redraws of a solve `age_s` seconds old that `watchers`
    sessions (this one included) are watching."""
    by_age = next((interval for limit, interval in BY_AGE if age_s < limit), AFTER_BY_AGE)
    by_crowd = max(1, watchers) / REDRAWS_PER_SECOND
    return min(MAX_INTERVAL_S, max(MIN_INTERVAL_S, by_age, by_crowd))


class Watchers:
    """The sessions of this process that polled a solve lately (in memory, per instance:
    each instance spends its own cores on its own sessions)."""

    def __init__(
        self,
        forget_after_s: float = 3 * MAX_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._forget_after = forget_after_s
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: dict[str, tuple[int, float]] = {}  # session -> (solve id, when)

    def seen(self, session: str, job_id: int) -> int:
        """Note that `session` is watching solve `job_id`; how many sessions watch it now."""
        moment = self._clock()
        with self._lock:
            self._seen[session] = (job_id, moment)
            for key, (_, when) in list(self._seen.items()):
                if moment - when > self._forget_after:
                    del self._seen[key]
            return sum(1 for watched, _ in self._seen.values() if watched == job_id)

    def gone(self, session: str) -> None:
        """`session` stopped watching (its solve ended, or it left the page)."""
        with self._lock:
            self._seen.pop(session, None)


WATCHERS = Watchers()
