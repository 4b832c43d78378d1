"""Service evaluations (好差评, measure 20): reviews, bad-review rectification cases (差评整改),
follow-up visits (回访) and satisfaction trends."""
