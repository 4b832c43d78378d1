"""Firedesk's weekly planning engine: contract I/O, CP-SAT model, baseline, explanations."""
