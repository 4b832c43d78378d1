"""Who delivers a message: a `Sender` takes one claimed message and either returns (sent)
or raises `SendError` (tried again later, with back-off).

The default `LogSender` writes the message to the log and counts it sent: this machine
reaches no SMS or WeChat gateway. A real gateway is one class with a `send` method,
named in `FIREDESK_SENDER` as `package.module:ClassName` (constructed without
arguments; read its own credentials from the environment). Pass `message.dedup_key` to
the gateway as its idempotency key where it has one, so even a retry after a lost reply
cannot deliver twice.
"""

from __future__ import annotations

import importlib
import logging
import os
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger("firedesk.outbox")


@dataclass(frozen=True)
class Outgoing:
    """What a sender gets: the claimed row's fields, detached from any session."""

    id: int
    channel: str
    recipient_kind: str
    recipient_id: str
    address: str | None
    body: str
    dedup_key: str
    attempt: int


class SendError(Exception):
    """The gateway refused or could not be reached; the message is tried again later."""


class Sender(Protocol):
    name: str

    def send(self, message: Outgoing) -> None: ...


class LogSender:
    """Writes each message to the log (the address masked) and counts it sent."""

    name = "log"

    def send(self, message: Outgoing) -> None:
        from services.core.privacy import masked_phone

        log.info(
            "outbox %s via %s to %s %s (%s): %s",
            message.id,
            message.channel,
            message.recipient_kind,
            message.recipient_id,
            masked_phone(message.address) if message.address else "-",
            message.body,
        )


def configured_sender(env: dict[str, str] | None = None) -> Sender:
    """The sender `FIREDESK_SENDER` names: `log` (the default) or `module:Class`."""
    env = os.environ if env is None else env
    name = env.get("FIREDESK_SENDER", "log").strip() or "log"
    if name == "log":
        return LogSender()
    module_name, _, class_name = name.partition(":")
    if not class_name:
        raise ValueError(
            f"FIREDESK_SENDER must be 'log' or 'package.module:ClassName', not {name!r}"
        )
    return getattr(importlib.import_module(module_name), class_name)()
