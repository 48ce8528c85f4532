"""Screenshots of the seeded public site for the README: `make screenshots`.

Builds a throwaway SQLite database with the seed, serves it with Django's development server on
127.0.0.1:$PORT (8101 by default) and has Debian's chromium photograph the overview and the
timeline into docs/. Pass other paths to photograph those instead, e.g. `/partners/ /tmp/p.png`.
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PORT = os.environ.get("PORT", "8101")
BASE = f"http://127.0.0.1:{PORT}"
SHOTS = [
    ("/en/", ROOT / "docs" / "overview.png"),
    ("/en/decisions/", ROOT / "docs" / "timeline.png"),
]


def manage(environment, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, check=True, **kwargs
    )


def wait_for_server(deadline=30):
    for _ in range(deadline * 10):
        try:
            urllib.request.urlopen(BASE + "/robots.txt", timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"The development server did not answer on {BASE}")


def main(arguments):
    shots = list(zip(arguments[::2], map(Path, arguments[1::2]), strict=True)) or SHOTS
    with tempfile.TemporaryDirectory() as folder:
        environment = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder}/screenshots.sqlite3",
            "DJANGO_DEBUG": "true",
        }
        manage(environment, "migrate", "--no-input", stdout=subprocess.DEVNULL)
        manage(environment, "loaddata", "nmi", stdout=subprocess.DEVNULL)
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{PORT}"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for_server()
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
                )
                page = browser.new_page(viewport={"width": 1100, "height": 900})
                for path, target in shots:
                    page.goto(BASE + path)
                    page.screenshot(path=str(target), full_page=target.parent != ROOT / "docs")
                    print(f"{BASE}{path} -> {target}")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main(sys.argv[1:])
