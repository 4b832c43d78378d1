"""Simple fire registration (measure 15): small fires with clear facts (`registrations`)."""
