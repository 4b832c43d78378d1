"""Firedesk's weekly planning engine (pure Python on OR-Tools CP-SAT).

One module per concern:

* ``contract``  - the instance and plan documents: dataclasses, load/validate, write.
* ``model``     - candidate filtering, the CP-SAT model (one builder per hard rule and
                  per objective term, under stable names), scoring, ``check_assignment``.
* ``bounds``    - a real lower bound (aggregated LP plus exact small-group minima).
* ``baseline``  - the duty manager's hand plan and the solver's warm start.
* ``solver``    - ``solve``: warm start, bound, CP-SAT search with progress and stop.
* ``explain``   - why each unscheduled task is out, in zh-CN and en.
* ``validator`` - an independent check of rules 1-7 and the objective on the JSON.
* ``generator`` - realistic synthetic weeks (maintained separately).
"""
