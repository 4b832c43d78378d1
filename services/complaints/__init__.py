"""12345 fire-safety complaints (measure 19). The clocks themselves are rules: `rules.complaints`.

- `cases`: what the modules share: statuses and choices, open statuses, time format, labels.
- `deadlines`: each case's legal deadline on the official calendar; recounting on confirmation.
- `intake`: tickets checked and turned into cases (new, or merged into the open case).
- `workflow`: the case steps: assign, verify, handle, inform, close, reopen.
- `queue`: the queue sorted by time left, one case in detail, the export (complainants masked).
- `metrics`: the measure-19 figures per district, category and clock.
- `tasks`: the on-site checks complaints add to the weekly plan.
- `importer`: dispatch sheets (CSV or Excel) read into intake; `cli`: the manage.py commands.
"""
