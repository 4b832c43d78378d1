"""Each person's own desk: what the home page shows a signed-in user, per role.

`officer` is the work of anyone linked to a staff member (their published assignments, their
calendar, closing a task with its outcome); `worklists` the counts a clerk, a duty manager
and a leader act on; `week_view` the published plan as everyone who works it may read it.
"""
