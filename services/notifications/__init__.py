"""Notifications: every message the detachment owes someone goes through an outbox.

- `outbox`: the rows, queuing in the caller's unit of work, claiming and sending with retries.
- `senders`: the pluggable delivery (`LogSender` by default, `FIREDESK_SENDER` for a gateway).
- `templates`: the built-in texts (zh-CN, en), their variables, an administrator's overrides.
- `triggers`: when a message is owed (booking planned, rolled over or declined, complaint
  closed) and the periodic reminders (officers' evening before, complaint clocks).
- `cli`: `manage.py outbox run | list`.
"""
