"""Simple fire registration (measure 15): which fires may take the simplified procedure.

火灾事故调查规定 (公安部令第121号) art. 8 allows the simple procedure (简易调查程序) for a fire
with no one killed or injured, a slight direct property loss, facts the parties do not
dispute, and no suspicion of arson; it is investigated and decided on the spot, without
closing off the site. "Slight" is set locally: `SIMPLE_LOSS_LIMIT_YUAN`, the detachment's
limit on the direct loss (10,000 yuan).
"""

from __future__ import annotations

SIMPLE_LOSS_LIMIT_YUAN = 10_000


def simple_procedure_refusals(
    *, deaths: int, injuries: int, direct_loss_yuan: int, facts_agreed: bool, arson_suspected: bool
) -> list[str]:
    """Why a fire cannot take the simple procedure (empty: it can), as reason codes."""
    reasons = []
    if deaths or injuries:
        reasons.append("casualties")
    if direct_loss_yuan > SIMPLE_LOSS_LIMIT_YUAN:
        reasons.append("loss")
    if not facts_agreed:
        reasons.append("facts_disputed")
    if arson_suspected:
        reasons.append("arson")
    return reasons
