"""双随机一公开 (measure 04): the registers of inspection objects and inspectors, the draw
(a pure, reproducible function of a snapshot of the registers, the rules and a published
seed), stored draws and their audited redraws, the random inspection tasks they plan, and
what the monthly disclosure publishes of them."""
