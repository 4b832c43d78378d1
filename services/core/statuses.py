"""A small status machine: the one way a record's status may change.

Each area declares its steps once, as `action -> (statuses it may start from, status it
leaves)`, and asks the machine before it changes a status. Pages ask the same machine which
actions to offer, so a button is never shown for a step the service would refuse.

    FLOW = StatusMachine(
        {"verify": (("assigned",), "verified"), "close": (("verified",), "closed")},
        refuse=lambda action, status: FiredeskError("complaints.error.step", ...),
    )
    case.status = FLOW.target(action, case.status)   # raises the refusal when not allowed
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from services.core.errors import FiredeskError


class StatusMachine:
    def __init__(
        self,
        steps: Mapping[str, tuple[tuple[str, ...], str]],
        refuse: Callable[[str, str], FiredeskError],
    ) -> None:
        self.steps = dict(steps)
        self._refuse = refuse

    def allows(self, action: str, status: str) -> bool:
        sources, _ = self.steps[action]
        return status in sources

    def target(self, action: str, status: str) -> str:
        """The status `action` leaves a record in that is now in `status`; refuses otherwise."""
        if not self.allows(action, status):
            raise self._refuse(action, status)
        return self.steps[action][1]

    def sources(self, action: str) -> tuple[str, ...]:
        return self.steps[action][0]

    def actions_from(self, status: str) -> list[str]:
        """The actions a record in `status` may take, in declaration order."""
        return [action for action, (sources, _) in self.steps.items() if status in sources]

    def targets_from(self, status: str) -> list[str]:
        return [self.steps[action][1] for action in self.actions_from(status)]

    def is_final(self, status: str) -> bool:
        return not self.actions_from(status)
