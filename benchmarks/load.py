"""Load benchmark: N people at once in real browser sessions on one app instance.

    python -m benchmarks.load --smoke                      # 1 person, SQLite, no solve
    python -m benchmarks.load --people 1,5,10 --backends sqlite,postgres --solve both
    python -m benchmarks.load --json /tmp/load.json --update BENCHMARKS.md   # the full run
    python -m benchmarks.load --render /tmp/load.json --update BENCHMARKS.md

For each backend the demo detachment is loaded once (plus one duty-manager account per
simulated person, `load01` …, password `firedesk-demo`), and every configuration gets a
copy of it (the SQLite file is copied; PostgreSQL uses `CREATE DATABASE … TEMPLATE`) and
a fresh `streamlit run` process. A warm-up session (the demo `manager`) opens the three
pages first, so the numbers are a warm server, not its first imports. With `--solve on`
that session then starts a solve of the planning page's default week from the page's
button (time limit 600 s, so it runs through the whole measurement, in the app's local
worker process at nice 10 with its 2 CP-SAT workers) and keeps watching it, as a duty
manager would.

`--browsers`: `shared` (default) is one Chromium with a browser context per person,
`per-person` launches a Chromium for each, `shared-nice` is one Chromium at nice 19, so
the server gets the CPU first, nearer to real use where each person's browser runs on their
own machine, not on the server's two cores.

Then N people log in, one browser context each (a separate Streamlit session), staggered
`--stagger` seconds apart. Duty managers are the one role that sees all three pages. Then,
page by page, all N click the sidebar link to the KPI dashboard at the same moment, then the
complaint queue, then the planning page. The time is measured inside each browser: from the
click to the first moment the page has **finished drawing**, meaning

- the app is connected and its script is not running (`stApp` attributes),
- Streamlit's running indicator (`stStatusWidget`) is gone,
- no element is stale (`data-stale="true"`, what a rerun leaves until it redraws),
- the page's title (its `h1`) and its main element are visible: the KPI tiles
  (`stMetric`), the queue's table (`st-key-cq_table`), the planning views radio
  (`st-key-plan_view`).

That is what `tests/e2e/harness.wait_for_app` waits for. The check runs on every DOM
change (a MutationObserver) and every 50 ms, so it does not depend on the driver.

While the pages load, CPU time is sampled from /proc every 0.25 s: the streamlit process
(all its threads, the solve included), the Chromium processes, the PostgreSQL backends
serving this database, this driver (Python and Playwright's node), and the whole machine,
whose remainder is other people's work.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from benchmarks.report import replace_block
from tests.e2e.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DEMO_PASSWORD,
    WAIT_MS,
    AppServer,
    fill,
    goto_page,
    launch_chromium,
    login,
    open_app,
    pointed_at,
    seed_database,
    sidebar_nav_titles,
    start_app,
    wait_for_app,
    widget,
    zh,
)

REPO = Path(__file__).resolve().parent.parent
SECTION = "## Many people at once (load)"
START, END = "<!-- load-benchmark:start -->", "<!-- load-benchmark:end -->"
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SOLVE_LIMIT_S = 600
BROWSER_NICE = 19
BROWSER_MODES = ("shared", "per-person", "shared-nice")
SUBMIT = '[data-testid="stBaseButton-primaryFormSubmit"]'
PAGE_TIMEOUT_S = 60
TICK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class PageUnderTest:
    url_path: str
    title_key: str
    main: str  # CSS selector of the element that must be visible


PAGES = (
    PageUnderTest("kpis", "page.kpi_dashboard", '[data-testid="stMetric"]'),
    PageUnderTest("complaints", "page.complaints", '[data-testid="stDataFrame"]'),
    PageUnderTest("planning", "page.planning", ".st-key-plan_view"),
)

# Set up in the page before the click: records the click and the first moment the page has
# finished drawing (see the module's docstring); `done` stays null until then.
WATCH_AND_CLICK = """
([path, title, main, text, click]) => {
  const visible = (el) => !!el && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden';
  // shown: the new page's title and main element are there and nothing is stale;
  // drawn: shown, and the script run is over (no running indicator).
  const shown = () => {
    if (path && !location.pathname.endsWith('/' + path)) return false;
    if (document.querySelector('[data-stale="true"]')) return false;
    if (title && !visible([...document.querySelectorAll('h1')]
        .find(h => h.textContent.trim() === title))) return false;
    if (main && ![...document.querySelectorAll(main)].some(visible)) return false;
    return !text || document.body.innerText.includes(text);
  };
  const drawn = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
    if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
    return true;
  };
  // scriptDone: when the browser heard the script run end (running -> notRunning), i.e. the
  // server's part, as late as the browser could notice it; done - scriptDone is drawing.
  if (window.__loadStop) window.__loadStop();  // the previous page's watcher
  const state = window.__load =
    {clicked: null, done: null, shown: null, scriptDone: null, checks: 0};
  const ended = (records) => {
    for (const r of records || []) {
      if (state.scriptDone === null && r.attributeName === 'data-test-script-state'
          && r.oldValue === 'running' && r.target.getAttribute(r.attributeName) === 'notRunning')
        state.scriptDone = performance.now();
    }
  };
  const check = (records) => {
    ended(records);
    if (state.done !== null) return;
    state.checks += 1;
    if (!shown()) return;
    if (state.shown === null) state.shown = performance.now();
    if (drawn()) {
      state.done = performance.now();
      observer.disconnect();
      clearInterval(timer);
    }
  };
  const observer = new MutationObserver(check);
  const target = document.querySelector(click);
  if (!target) return 'nothing to click: ' + click;
  observer.observe(document.body,
    {subtree: true, childList: true, attributes: true, attributeOldValue: true});
  const timer = setInterval(() => check(null), 50);
  window.__loadStop = () => { observer.disconnect(); clearInterval(timer); };
  state.clicked = performance.now();
  target.click();
  return null;
}
"""


# ----------------------------------------------------------------------------- CPU sampling


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime, all threads


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        kids = _children(todo.pop())
        out += kids
        todo += kids
    return out


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _postgres_backends(database: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if cmdline.startswith(b"postgres: ") and f" {database} ".encode() in cmdline:
                found.append(int(entry.name))
    return found


def _machine_busy() -> float:
    """CPU seconds the whole machine has been busy (all cores, not idle or iowait)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / TICK


class CpuSampler:
    """CPU seconds per group over a window; each process counts from its first sample."""

    def __init__(self, server_pid: int, database: str | None, interval: float = 0.25):
        self.server_pid, self.database, self.interval = server_pid, database, interval
        self.first: dict[tuple[str, int], float] = {}
        self.last: dict[tuple[str, int], float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _groups(self) -> dict[str, list[int]]:
        me = os.getpid()
        mine = _descendants(me)
        chromium = [p for p in mine if "chrom" in _comm(p)]
        driver = [me, *(p for p in mine if p not in chromium and p != self.server_pid)]
        groups = {"server": [self.server_pid], "chromium": chromium, "driver": driver}
        if self.database:
            groups["database"] = _postgres_backends(self.database)
        return groups

    def sample(self) -> None:
        for group, pids in self._groups().items():
            for pid in pids:
                seconds = _cpu_seconds(pid)
                if seconds is not None:
                    self.first.setdefault((group, pid), seconds)
                    self.last[(group, pid)] = seconds

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> CpuSampler:
        self.sample()
        self.machine0, self.wall0 = _machine_busy(), time.perf_counter()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()
        self.machine, self.wall = _machine_busy() - self.machine0, time.perf_counter() - self.wall0

    def cores(self) -> dict[str, float]:
        """Average cores each group kept busy over the window (2.0 = this whole machine)."""
        used = dict.fromkeys(["server", "chromium", "driver"], 0.0)
        if self.database:
            used["database"] = 0.0
        for (group, pid), last in self.last.items():
            used[group] = used.get(group, 0.0) + last - self.first[(group, pid)]
        out = {group: seconds / self.wall for group, seconds in used.items()}
        out["machine"] = self.machine / self.wall
        out["others"] = max(0.0, out["machine"] - sum(v for k, v in out.items() if k != "machine"))
        return out

    def processes(self) -> dict[str, int]:
        """How many processes each group had (e.g. the database backends that served)."""
        counts: dict[str, int] = {}
        for group, _pid in self.first:
            counts[group] = counts.get(group, 0) + 1
        return counts


# ----------------------------------------------------------------------------- databases


def _accounts(people: int) -> None:
    from services.accounts.users import AccountInput, create_account
    from services.core.permissions import SYSTEM

    for i in range(1, people + 1):
        name = f"load{i:02d}"
        create_account(
            SYSTEM, AccountInput(name, f"负载测试{i:02d}", "duty_manager", DEMO_PASSWORD)
        )


class Databases:
    """The demo detachment built once per backend, handed out as fresh copies."""

    def __init__(self, scratch: Path, people: int, server: str):
        self.scratch, self.people, self.server = scratch, people, server
        self.tag = uuid.uuid4().hex[:8]
        self.created: list[str] = []
        self.bases: dict[str, str] = {}
        self.build_s: dict[str, float] = {}

    def _admin(self):
        return create_engine(make_url(self.server), isolation_level="AUTOCOMMIT")

    def _create(self, name: str, template: str | None = None) -> str:
        admin = self._admin()
        with admin.connect() as conn:
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
        admin.dispose()
        self.created.append(name)
        return make_url(self.server).set(database=name).render_as_string(hide_password=False)

    def _base(self, backend: str) -> str:
        if backend not in self.bases:
            started = time.perf_counter()
            if backend == "sqlite":
                url = f"sqlite:///{self.scratch / 'base.sqlite3'}"
            else:
                url = self._create(f"firedesk_load_{self.tag}_base")
            seed_database(url, "demo")
            with pointed_at(url):
                _accounts(self.people)
            self.bases[backend] = url
            self.build_s[backend] = time.perf_counter() - started
        return self.bases[backend]

    def copy(self, backend: str, label: str) -> tuple[str, str | None]:
        """A new database with the demo in it; returns (url, PostgreSQL database name)."""
        base = self._base(backend)
        if backend == "sqlite":
            target = self.scratch / f"{label}.sqlite3"
            shutil.copyfile(make_url(base).database, target)
            return f"sqlite:///{target}", None
        name = f"firedesk_load_{self.tag}_{label}"
        return self._create(name, template=make_url(base).database), name

    def drop_all(self) -> None:
        if not self.created:
            return
        admin = self._admin()
        with admin.connect() as conn:
            for name in reversed(self.created):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# ----------------------------------------------------------------------------- one run


@dataclass
class Run:
    backend: str
    people: int
    solve: bool
    browsers: str
    logins_s: list[float] = field(default_factory=list)
    pages: dict[str, list[float]] = field(default_factory=dict)  # url_path -> seconds per person
    # url_path -> seconds from the click until the browser saw the script run end
    scripts: dict[str, list[float]] = field(default_factory=dict)
    # url_path -> seconds until the page's title and main element were there (not stale)
    shown: dict[str, list[float]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)  # cores busy while the pages loaded
    processes: dict[str, int] = field(default_factory=dict)  # per CPU group
    window_s: float = 0.0
    solve_running_after: bool | None = None
    load_before: float = 0.0
    load_after: float = 0.0


def _new_page(browser: Browser) -> tuple[BrowserContext, Page]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    context.set_default_timeout(WAIT_MS)
    return context, context.new_page()


def _warm_up(page: Page, server: AppServer) -> None:
    open_app(page, server, zh("auth.login"))
    login(page, "manager", DEMO_PASSWORD, text="欢迎")
    sidebar_nav_titles(page)  # a duty manager's menu is long: "view more" shows every link
    for spec in PAGES:
        goto_page(page, spec.url_path, text=zh(spec.title_key))


def _start_solve(page: Page) -> None:
    """On the planning page (the warm-up ends there): the solve view, 600 s, start."""
    widget(page, "plan_view").get_by_text(zh("plan.view.solve"), exact=True).click()
    wait_for_app(page, text=zh("plan.solve.start"))
    limit = widget(page, "plan_time_limit").locator("input")
    limit.fill(str(SOLVE_LIMIT_S))
    limit.press("Enter")
    wait_for_app(page)
    widget(page, "plan_solve").locator("button").click()
    widget(page, "plan_stop").locator("button").wait_for(state="visible", timeout=WAIT_MS)


def _solve_running(page: Page) -> bool:
    return widget(page, "plan_stop").count() > 0


def _nav_link(url_path: str) -> str:
    return f'[data-testid="stSidebarNav"] a[data-testid="stSidebarNavLink"][href$="/{url_path}"]'


def _click(page: Page, who: str, what: str, args: list, run: Run) -> None:
    """Set the watcher up and click, without waiting: everyone's clicks go out together."""
    problem = page.evaluate(WATCH_AND_CLICK, args)
    if problem:
        run.failures.append(f"{who} {what}: {problem}")


def _drawn_after(page: Page, who: str, what: str, run: Run, deadline: float) -> float | None:
    """Seconds from the click to the page drawn, as the browser measured them; gives up at
    `deadline` (perf_counter), which is shared by everyone's clicks of one round."""
    try:
        page.wait_for_function(
            "() => window.__load && window.__load.done !== null",
            timeout=max(1.0, deadline - time.perf_counter()) * 1000,
            polling=200,
        )
        state = page.evaluate("() => window.__load")
    except Exception as error:  # a page that never drew is a result, not a crash
        state = page.evaluate("() => window.__load")
        run.failures.append(
            f"{who} {what}: {type(error).__name__}"
            + (" (never shown)" if state["shown"] is None else " (shown, script never idle)")
        )
        state["done"] = None
    if state["shown"] is not None:
        run.shown.setdefault(what, []).append((state["shown"] - state["clicked"]) / 1000)
    if state["done"] is None:
        return None
    if page.get_by_test_id("stException").count():
        run.failures.append(f"{who} {what}: an exception is shown")
    if state["scriptDone"] is not None:
        run.scripts.setdefault(what, []).append((state["scriptDone"] - state["clicked"]) / 1000)
    return (state["done"] - state["clicked"]) / 1000


def _open_at_once(pages: list[Page], spec: PageUnderTest, run: Run) -> list[float]:
    args = [spec.url_path, zh(spec.title_key), spec.main, None, _nav_link(spec.url_path)]
    for number, page in enumerate(pages, 1):
        _click(page, f"load{number:02d}", spec.url_path, args, run)
    deadline = time.perf_counter() + PAGE_TIMEOUT_S
    times = [
        _drawn_after(page, f"load{n:02d}", spec.url_path, run, deadline)
        for n, page in enumerate(pages, 1)
    ]
    return [s for s in times if s is not None]


def _log_in_staggered(pages: list[Page], server: AppServer, stagger: float, run: Run) -> None:
    """Everyone opens the login page, then submits `stagger` seconds after the previous one
    (not waiting for it); each login is timed from the submit to the home page drawn."""
    for page in pages:
        page.goto(server.url)
    for number, page in enumerate(pages, 1):
        wait_for_app(page, zh("auth.login"))
        fill(page, "login_username", f"load{number:02d}")
        fill(page, "login_password", DEMO_PASSWORD)
    role = zh("role.duty_manager")
    for number, page in enumerate(pages, 1):
        started = time.perf_counter()
        user = f"load{number:02d}"
        welcome = zh("home.welcome", name=user, role=role)
        _click(page, user, "login", [None, None, None, welcome, SUBMIT], run)
        time.sleep(max(0.0, stagger - (time.perf_counter() - started)))
    deadline = time.perf_counter() + PAGE_TIMEOUT_S
    for number, page in enumerate(pages, 1):
        seconds = _drawn_after(page, f"load{number:02d}", "login", run, deadline)
        if seconds is not None:
            run.logins_s.append(seconds)
        sidebar_nav_titles(page)  # a duty manager's menu is long: "view more" shows every link


def _renice_chromium(nice: int) -> None:
    """Give this driver's Chromium processes a lower CPU priority (nice 19: the server gets
    the CPU first, as if the browsers ran on the users' own machines); 0 restores it."""
    for pid in _descendants(os.getpid()):
        if "chrom" in _comm(pid):
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, pid, nice)


def one_run(
    playwright: Playwright,
    shared: Browser,
    databases: Databases,
    backend: str,
    people: int,
    solve: bool,
    browsers: str,
    stagger: float,
    log_dir: Path,
) -> Run:
    run = Run(backend, people, solve, browsers, load_before=os.getloadavg()[0])
    label = f"{backend}_{people}_{'solve' if solve else 'idle'}_{browsers}"
    url, database = databases.copy(backend, label)
    server = start_app(url, log_dir)
    own: list[Browser] = []
    contexts: list[BrowserContext] = []
    try:
        context, watcher = _new_page(shared)
        contexts.append(context)
        _warm_up(watcher, server)
        if solve:
            _start_solve(watcher)
        pages = []
        for _ in range(people):
            browser = shared
            if browsers == "per-person":
                browser = launch_chromium(playwright)
                own.append(browser)
            context, page = _new_page(browser)
            contexts.append(context)
            pages.append(page)
        if browsers.endswith("-nice"):
            _renice_chromium(BROWSER_NICE)
        _log_in_staggered(pages, server, stagger, run)
        time.sleep(1.0)  # let the last login's page settle
        if browsers.endswith("-nice"):
            _renice_chromium(BROWSER_NICE)  # renderers started since
        with CpuSampler(server.process.pid, database) as sampler:
            for spec in PAGES:
                run.pages[spec.url_path] = _open_at_once(pages, spec, run)
        run.cpu, run.window_s = sampler.cores(), sampler.wall
        run.processes = sampler.processes()
        if solve:
            run.solve_running_after = _solve_running(watcher)
    except Exception as error:  # e.g. the server too busy to serve a login page: a result
        run.failures.append(f"run aborted: {type(error).__name__}: {str(error).splitlines()[0]}")
    finally:
        if browsers.endswith("-nice"):
            _renice_chromium(0)  # the shared browser serves the next configuration too
        for context in contexts:
            context.close()
        for browser in own:
            browser.close()
        server.stop()
    run.load_after = os.getloadavg()[0]
    return run


# ----------------------------------------------------------------------------- report


def _revision() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "?"


def render(result: dict) -> str:
    runs = result["runs"]
    lines = [
        f"Revision {result['revision']}, {result['host']}, {result['cpus']} CPUs; load average "
        f"{result['load_before']:.2f} before the whole run, {result['load_after']:.2f} after. "
        f"Demo built in {', '.join(f'{k} {v:.0f} s' for k, v in result['build_s'].items())}. "
        f"Logins {result['stagger']:.1f} s apart; times are seconds from the sidebar click to "
        "the page finished drawing, median / worst over the people. Cores: the average number "
        "of cores each group kept busy while the pages loaded (2.00 = the whole machine; "
        "others = everything else on it). Server CPU per page view: the streamlit process's "
        "CPU seconds in that window over the pages drawn (with a solve, the solve's share too).",
        "",
        "| backend | solve | people | browsers | KPI dashboard | complaint queue | planning "
        "| worst page | login median / worst | failed | cores: server / chromium / db / driver "
        "/ others | server CPU ms per page view | load avg |",
        "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for run in runs:
        cells = []
        every: list[float] = []
        for spec in PAGES:
            times = run["pages"].get(spec.url_path, [])
            every += times
            cells.append(f"{statistics.median(times):.2f} / {max(times):.2f}" if times else "—")
        cpu = run["cpu"]
        cores = " / ".join(
            f"{cpu.get(k, 0.0):.2f}" if k in cpu else "—"
            for k in ("server", "chromium", "database", "driver", "others")
        )
        logins = run["logins_s"]
        views = len(every)
        per_view = cpu.get("server", 0.0) * run["window_s"] / views * 1000 if views else 0.0
        solve = "—"
        if run["solve"]:
            solve = {True: "running", False: "ended early", None: "started"}[
                run["solve_running_after"]
            ]
        lines.append(
            f"| {run['backend']} | {solve} | {run['people']} | {run['browsers']} | "
            + " | ".join(cells)
            + (f" | {max(every):.2f}" if every else " | —")
            + (
                f" | {statistics.median(logins):.2f} / {max(logins):.2f}"
                if run["logins_s"]
                else " | —"
            )
            + f" | {len(run['failures'])} | {cores} | {per_view:.0f}"
            + f" | {run['load_before']:.1f} → {run['load_after']:.1f} |"
        )
    split = [run for run in runs if run.get("scripts") or run.get("shown")]
    if split:
        lines += [
            "",
            "Where a page's time goes, medians in seconds from the click: shown (title and "
            "main element there, nothing stale), script ended (the browser sees the run end: "
            "the server's work and the websocket), drawn (the table above; drawn − script "
            "ended is the browser's own drawing after the last message):",
            "",
            "| backend | solve | people | browsers | page | shown | script ended | drawn "
            "| drawing |",
            "|---|---|---:|---|---|---:|---:|---:|---:|",
        ]

        def mid(values: list[float] | None) -> str:
            return f"{statistics.median(values):.2f}" if values else "—"

        for run in split:
            for spec in PAGES:
                key = spec.url_path
                ended, drawn = run.get("scripts", {}).get(key), run["pages"].get(key)
                drawing = (
                    f"{statistics.median(drawn) - statistics.median(ended):.2f}"
                    if ended and drawn
                    else "—"
                )
                lines.append(
                    f"| {run['backend']} | {'on' if run['solve'] else '—'} | {run['people']}"
                    f" | {run['browsers']} | {key} | {mid(run.get('shown', {}).get(key))}"
                    f" | {mid(ended)} | {mid(drawn)} | {drawing} |"
                )
    failures = [f"- {r['backend']} {r['people']}: {f}" for r in runs for f in r["failures"]]
    if failures:
        lines += ["", "Failures:", "", *failures]
    return "\n".join(lines)


def merge(results: list[dict]) -> dict:
    """Several saved runs as one report: the machine's load from the first and the last."""
    merged = dict(results[0])
    merged["runs"] = [run for result in results for run in result["runs"]]
    merged["build_s"] = {k: v for result in results for k, v in result["build_s"].items()}
    merged["load_after"] = results[-1]["load_after"]
    merged["revision"] = ", ".join(dict.fromkeys(result["revision"] for result in results))
    return merged


def update(path: Path, body: str) -> None:
    replace_block(path, f"{START}\n{body}\n{END}", start=START, end=END, heading=SECTION)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", default="1,5,10,20", help="comma-separated N")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--solve", choices=("off", "on", "both"), default="both")
    parser.add_argument(
        "--browsers",
        default="shared",
        help="comma-separated: shared (one Chromium, a context per person), per-person (a "
        "Chromium each), shared-nice (one Chromium at nice 19); both = shared,per-person",
    )
    parser.add_argument("--stagger", type=float, default=1.0, help="seconds between logins")
    parser.add_argument("--smoke", action="store_true", help="1 person, SQLite, no solve")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument(
        "--render", type=Path, nargs="+", help="render saved --json files (merged) instead"
    )
    parser.add_argument("--update", type=Path, help="rewrite this file's load section")
    args = parser.parse_args()
    # `kill` runs the finally blocks too: the servers stop and the databases are dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.render:
        result = merge([json.loads(path.read_text()) for path in args.render])
    else:
        if args.smoke:
            args.people, args.backends, args.solve, args.browsers = "1", "sqlite", "off", "shared"
        result = run_all(
            [int(n) for n in args.people.split(",")],
            args.backends.split(","),
            {"off": [False], "on": [True], "both": [False, True]}[args.solve],
            _browser_modes(args.browsers),
            args.stagger,
            progress=True,
        )
        if args.json:
            args.json.write_text(json.dumps(result, indent=1))
    body = render(result)
    print(body)
    if args.update:
        update(args.update, body)


def _browser_modes(text: str) -> list[str]:
    modes = ["shared", "per-person"] if text == "both" else text.split(",")
    unknown = [m for m in modes if m not in BROWSER_MODES]
    if unknown:
        raise SystemExit(f"unknown --browsers {', '.join(unknown)}: use {', '.join(BROWSER_MODES)}")
    return modes


def run_all(
    people: list[int],
    backends: list[str],
    solves: list[bool],
    browsers: list[str],
    stagger: float,
    progress: bool = False,
) -> dict:
    """Every configuration; the result is plain JSON (see `Run`)."""
    load_before = os.getloadavg()[0]
    server = os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER)
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="firedesk-load-") as scratch:
        databases = Databases(Path(scratch), max(people), server)
        try:
            with sync_playwright() as playwright:
                shared = launch_chromium(playwright)
                try:
                    for backend in backends:
                        for solve in solves:
                            for mode in browsers:
                                for n in people:
                                    run = one_run(
                                        playwright, shared, databases, backend, n, solve,
                                        mode, stagger, Path(scratch),
                                    )  # fmt: skip
                                    runs.append(run)
                                    if progress:
                                        print(json.dumps(asdict(run)), flush=True)
                finally:
                    shared.close()
        finally:
            databases.drop_all()
    return {
        "revision": _revision(),
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "chromium": CHROMIUM,
        "chromium_args": CHROMIUM_ARGS,
        "stagger": stagger,
        "build_s": databases.build_s,
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "runs": [asdict(run) for run in runs],
    }


if __name__ == "__main__":
    main()
