"""Hazard cases (measures 06, 08): from an inspection's correction order, with guidance,
extensions and the re-inspection, to closure or escalation."""
