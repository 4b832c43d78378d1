"""The rules of Firedesk's measures: validation, clocks, permissions, audit, KPIs.

Nothing in this package imports Streamlit; pages call services, services call `db/` and
`optimizer/`.
"""
