"""db stands on its own: importing it (models, sessions, migrations' environment) loads
nothing of the layers above it, not even indirectly."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ABOVE = ("services", "optimizer", "demo", "pages", "rules", "app", "manage", "streamlit")


def test_importing_db_loads_no_layer_above_it():
    # What db/migrations/env.py imports, plus the rest of db; in a fresh interpreter so
    # modules other tests imported do not count.
    code = (
        "import sys, db.models, db.base, db.session, db.migrate, db.config\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({ABOVE!r})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
