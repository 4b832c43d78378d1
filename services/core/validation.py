"""Field rules shared by every form and import: Chinese phone numbers, names, ranges."""

from __future__ import annotations

import re

from services.core.errors import Problems

# Mobile: 11 digits starting 13–19. Landline: area code 0 + 2–3 digits, then 7–8 digits,
# optionally separated by a hyphen or space, optionally with an extension (e.g. 0419-2123456).
_MOBILE = re.compile(r"^(?:\+?86[- ]?)?1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}[- ]?\d{7,8}(?:-\d{1,6})?$")


def normalize_phone(raw: str) -> str:
    return re.sub(r"[\s()（）]", "", raw or "")


def is_chinese_phone(raw: str) -> bool:
    phone = normalize_phone(raw)
    return bool(_MOBILE.match(phone) or _LANDLINE.match(phone))


def mask_phone(phone: str | None) -> str:
    """138****5678 / 0419-***456: enough to recognise a number, not to call it."""
    if not phone:
        return ""
    phone = normalize_phone(phone)
    if len(phone) <= 4:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7 if len(phone) > 7 else 1) + phone[-4:]


def mask_name(name: str | None) -> str:
    """张三丰 → 张**: the family name stays, the rest is hidden."""
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def check_required(problems: Problems, field: str, value: str | None, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        problems.add(field, "error.required")
    elif len(text) > max_length:
        problems.add(field, "error.too_long", max=max_length)
    return text


def check_phone(
    problems: Problems, field: str, value: str | None, *, required: bool = False
) -> str | None:
    phone = normalize_phone(value or "")
    if not phone:
        if required:
            problems.add(field, "error.required")
        return None
    if not is_chinese_phone(phone):
        problems.add(field, "error.phone", value=value)
        return None
    return phone


def check_range(
    problems: Problems, field: str, value: int | None, low: int, high: int
) -> int | None:
    if value is None:
        problems.add(field, "error.required")
        return None
    if not low <= value <= high:
        problems.add(field, "error.range", low=low, high=high, value=value)
        return None
    return value
