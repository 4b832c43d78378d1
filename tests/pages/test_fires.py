"""The simple fire registration page (AppTest)."""

from __future__ import annotations

from tests.conftest import make_actor
from tests.pages.conftest import open_app

CLERK = make_actor("staff")


def test_the_page_registers_a_fire(app_db):
    app = open_app(CLERK, "pages/fires.py")
    assert not app.exception
    app.text_input(key="fr_place").input("白塔区民主路 12 号")
    app.text_input(key="fr_cause").input("电线短路")
    app.number_input(key="fr_loss").set_value(500)
    app.button(key="fr_submit").click().run()
    assert not app.exception
    assert app.success[0].value.startswith("已登记 HJ")
    assert list(app.dataframe[0].value["起火原因"]) == ["电线短路"]
    app.number_input(key="fr_injuries").set_value(1)
    app.button(key="fr_submit").click().run()
    assert "不适用简易程序" in app.error[0].value
