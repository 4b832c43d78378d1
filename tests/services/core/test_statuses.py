"""The shared status machine: what it allows, what it refuses and how, what it offers."""

from __future__ import annotations

import pytest

from services.core.errors import FiredeskError
from services.core.statuses import StatusMachine

MACHINE = StatusMachine(
    {
        "start": (("new", "paused"), "running"),
        "pause": (("running",), "paused"),
        "finish": (("running", "paused"), "done"),
    },
    refuse=lambda action, status: FiredeskError("test.step", action=action, status=status),
)


def test_target_is_the_status_the_action_leaves():
    assert MACHINE.target("start", "new") == "running"
    assert MACHINE.target("start", "paused") == "running"
    assert MACHINE.target("finish", "paused") == "done"


def test_a_step_from_a_status_it_does_not_start_from_is_refused_with_the_given_error():
    assert not MACHINE.allows("pause", "new")
    with pytest.raises(FiredeskError) as refused:
        MACHINE.target("pause", "new")
    assert refused.value.key == "test.step"
    assert refused.value.params == {"action": "pause", "status": "new"}


def test_the_machine_lists_sources_actions_and_final_statuses():
    assert MACHINE.sources("finish") == ("running", "paused")
    assert MACHINE.actions_from("running") == ["pause", "finish"]
    assert MACHINE.targets_from("paused") == ["running", "done"]
    assert MACHINE.is_final("done")
    assert not MACHINE.is_final("new")


def test_an_unknown_action_is_a_programming_error():
    with pytest.raises(KeyError):
        MACHINE.allows("explode", "new")
