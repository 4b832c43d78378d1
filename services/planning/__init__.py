"""The week's plan, one module per concern:

- `instance`, `providers`: the week's instance built from the database (tasks, resources).
- `versions`: the stored versions of a week's plan, reading them, the checks writers share.
- `locks`: the assignments a manager fixed for every later solve.
- `illness`: sick leave during a planned week, and the locks it drops.
- `solves`: what a solve is (its checked input, the work, the stored draft), the baseline.
- `jobs`: solves queued for the worker processes (`solve_jobs`, `solve_backends`, `worker`);
  the page's only door to them.
- `advice`: capacity advice as a job on the solve workers, and the seam for asking a person.
- `edits`: manual moves and unassignments, checked against the hard rules.
- `publish`: a draft becomes the plan of record; its bookings follow (units are told).
- `unplanned`: requests a published week left unplanned, rolled over or declined.
- `whatif`: a week in the contract format imported as a draft.
- `views`, `exports`: what the planning page shows, and what a published week is sent out as.
- `cli`: `manage.py plan-week`.
"""
