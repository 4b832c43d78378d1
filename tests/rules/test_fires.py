"""rules.fires: which small fires take the simple procedure (火灾事故调查规定 art. 8)."""

from rules.fires import SIMPLE_LOSS_LIMIT_YUAN, simple_procedure_refusals


def refusals(**changes) -> list[str]:
    facts = dict(
        deaths=0, injuries=0, direct_loss_yuan=800, facts_agreed=True, arson_suspected=False
    )
    return simple_procedure_refusals(**(facts | changes))


def test_a_small_fire_with_clear_facts_qualifies():
    assert refusals() == []
    assert refusals(direct_loss_yuan=SIMPLE_LOSS_LIMIT_YUAN) == []


def test_each_reason_is_named():
    assert refusals(injuries=1) == ["casualties"]
    assert refusals(deaths=1) == ["casualties"]
    assert refusals(direct_loss_yuan=SIMPLE_LOSS_LIMIT_YUAN + 1) == ["loss"]
    assert refusals(facts_agreed=False, arson_suspected=True) == ["facts_disputed", "arson"]
