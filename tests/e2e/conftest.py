"""Browser tests: the real app under `streamlit run`, driven in Debian's Chromium.

Write a journey like this (mark it `@pytest.mark.e2e`; keep one server per module):

    from tests.e2e.harness import ROLE_ACCOUNTS, DEMO_PASSWORD, goto_page, login, open_app

    @pytest.fixture(scope="module")
    def server(app_server):
        return app_server(seed="demo")

    @pytest.mark.e2e
    def test_clerk_records_a_booking(server, browser_page):
        open_app(browser_page, server, "登录")
        login(browser_page, "clerk", DEMO_PASSWORD, text="欢迎")
        goto_page(browser_page, "bookings", text="预约")
        ...

Fixtures (defined in `tests.e2e.fixtures`; a test module elsewhere imports them from there):
- `app_server(seed="accounts", backend="sqlite", database_url=None, **env)` (module scope):
  a factory that starts `streamlit run app.py` on a free port against a fresh database (or
  against `database_url`, as it is) and returns an `AppServer` (`.url`, `.database_url`);
  every server stops when the module ends. `seed`:
  None (empty database: the setup screen), "accounts" (one login per role, see
  `ROLE_ACCOUNTS`, password `DEMO_PASSWORD`), or "demo" (the whole demo detachment, same
  logins). `backend="postgres"` uses a new database on TEST_DATABASE_URL's server.
- `browser` (module scope): headless Chromium. `browser_page`: a page in a fresh browser
  context, i.e. a new Streamlit session with its own login.

Helpers in `tests.e2e.harness`: `open_app(page, server, text)`, `login(page, user,
password, text)`, `wait_for_app(page, text)` (after EVERY interaction, before asserting),
`goto_page(page, url_path, text)` (through the sidebar: reloading logs out), `fill(page,
key, value)` and `widget(page, key)` (widgets by their `key=`), `submit_form(page, text)`,
`sidebar_nav_titles(page)`, `choose(page, key, option)` (a selectbox option, typed), `zh(key)` (the
Simplified Chinese text of a catalog key).
"""

from tests.e2e.fixtures import app_server, browser, browser_page  # noqa: F401
