"""Every UI string exists in both languages with the same placeholders."""

import re
import string
from pathlib import Path

import pytest

from services.core.permissions import ROLES
from services.i18n import all_messages, t

ROOT = Path(__file__).resolve().parents[2]
# t("key"...), FiredeskError subclasses("key"...), problems.add("field", "key"...), *_key="key"
_LITERAL_KEY = re.compile(
    r"""(?:\bt\(|Error\(|Denied\(|NotFound\(|\.add\([^,()]+,\s*|_key\s*=\s*|PageSpec\([^,]+,\s*)["']([a-z_]+\.[a-z0-9_.]+)["']"""
)


def _keys_in_source() -> set[tuple[str, str]]:
    found = set()
    files = [
        ROOT / "app.py",
        *ROOT.glob("pages/**/*.py"),
        *ROOT.glob("services/**/*.py"),
        *ROOT.glob("manage.py"),
    ]
    for path in files:
        for key in _LITERAL_KEY.findall(path.read_text(encoding="utf-8")):
            found.add((key, str(path.relative_to(ROOT))))
    return found


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_used_in_code_is_in_the_catalog():
    catalog = all_messages()
    used = _keys_in_source()
    assert len(used) > 20  # the scan itself works
    missing = sorted(f"{key} ({where})" for key, where in used if key not in catalog)
    assert missing == []


@pytest.mark.parametrize("key", sorted(all_messages()))
def test_both_languages_with_the_same_placeholders(key):
    texts = all_messages()[key]
    assert texts.get("zh-CN", "").strip() and texts.get("en", "").strip(), key
    assert _placeholders(texts["zh-CN"]) == _placeholders(texts["en"]), key


def test_role_names_are_translated():
    for role in ROLES:
        assert t(f"role.{role}", "zh-CN") != f"role.{role}"


def test_language_switch():
    assert t("auth.login", "zh-CN") == "登录"
    assert t("auth.login", "en") == "Log in"
    assert t("error.range", "en", low=1, high=60, value=99).endswith("(is 99)")
