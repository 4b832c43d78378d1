"""The detachment's legal and calendar rules, each with one home.

Pure Python: no database, no Streamlit, nothing else of ours. Services, the optimizer, the
demo and SQL queries read these rules from here, so changing one changes it everywhere.

- `time`: the detachment's time zone.
- `weeks`: weeks start on Monday; minutes from a week's Monday (the planning contract's clock).
- `intervals`: half-open minute intervals: clip, merge, subtract, complement, intersect.
- `hours`: office hours (08:30-17:30 on working days) and off-hours, as the planner counts them.
- `inspections`: how many officers an on-site inspection needs.
- `complaints`: the 12345 complaint clocks (contact in 24 hours, resolve in 3 working days).
- `deadlines`: follow-up and bad-review rectification deadlines.
"""
