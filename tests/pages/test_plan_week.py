"""已发布周计划: every role reads the published week, grouped three ways, with a printout
built when clicked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.desks import week_view
from tests.conftest import _empty_all_tables
from tests.fixtures.desks import account, demo_loaded, this_monday
from tests.pages.conftest import downloads, open_app

PAGE = "pages/plan_week.py"


@pytest.fixture(scope="module")
def demo(database_urls) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", database_urls["sqlite"])
        with demo_loaded(database_urls["sqlite"], _empty_all_tables) as url:
            yield url


@pytest.mark.parametrize("username", ["officer", "clerk", "manager", "leader", "admin"])
def test_every_role_reads_this_weeks_published_plan(demo, username):
    app = open_app(account(username), PAGE)
    assert not app.exception
    table = week_view.week_table(account(username), this_monday())
    assert len(app.dataframe) == len(week_view.grouped(table, "day")) > 0
    app.radio(key="week_by").set_value("person").run()
    assert len(app.dataframe) == len(week_view.grouped(table, "person"))
    assert downloads(app) == {"week_print": False}


def test_a_week_without_a_published_plan_says_so(demo):
    app = open_app(account("clerk"), PAGE)
    app.selectbox(key="week_pick").select_index(2).run()  # next week: the demo plans it
    assert not app.dataframe and "还没有发布" in app.info[0].value
