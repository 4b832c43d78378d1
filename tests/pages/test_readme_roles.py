"""README's "Pages per role" lists exactly the pages the sidebar gives each role."""

from __future__ import annotations

import re
from pathlib import Path

from pages.registry import PAGES
from services.core.permissions import ROLES, Actor
from services.i18n import t

README = Path(__file__).resolve().parents[2] / "README.md"


def _listed() -> dict[str, set[str]]:
    text = README.read_text(encoding="utf-8").split("Pages per role", 1)[1].split("\n\n", 2)[1]
    listed: dict[str, set[str]] = {}
    for bullet in re.split(r"\n- ", "\n" + text.strip())[1:]:
        role, rest = re.match(r"\*\*(\w+)\*\*: (.*)", bullet.replace("\n", " "), re.S).groups()
        rest = re.sub(r"\([^)]*\)", "", rest.split(";")[0])
        rest = rest.replace("all of staff's, plus", "").replace("everything, plus", "")
        listed[role] = {name.strip(" .") for name in rest.split(",") if name.strip(" .")}
    return listed


def _pages(role: str) -> set[str]:
    actor = Actor(user_id=None, username="x", role=role)
    return {
        t(p.title_key, "zh-CN") for p in PAGES if p.permission is None or actor.can(p.permission)
    }


def test_the_readme_lists_each_roles_pages():
    listed = _listed()
    assert set(listed) == set(ROLES)
    assert listed["staff"] == _pages("staff")
    assert listed["leader"] == _pages("leader")
    assert listed["staff"] | listed["duty_manager"] == _pages("duty_manager")
    assert _pages("duty_manager") | listed["admin"] == _pages("admin")
