"""Leadership KPIs: the engine that computes them and what leadership sends out."""
