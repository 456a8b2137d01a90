"""The README's screenshots, made afresh from the demo account:

    .venv/bin/python scripts/screenshots.py [--out docs]

Loads the demo into a throw-away PARTING_HOME, serves it with `parting serve --no-worker` on a
free port, signs in and takes, with Debian's Chromium (PARTING_BROWSER, default
/usr/bin/chromium) through Playwright:
- docs/call-page.png: the call page on a 375 px phone, right after "Rejected";
- docs/today.png: Today at 1280 px;
- docs/lead-board.png: the lead board at 1280 px;
- docs/referral-tree.png: the referral tree at 1280 px.

The demo has names in several scripts: install a font that has them first (Debian:
`apt-get install fonts-noto-cjk`), or they show as empty boxes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTING = [sys.executable, "-m", "parting"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="parting-screenshots-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PARTING_"))}
    env.update(PARTING_HOME=str(home))
    port = free_port()
    server = None
    try:
        subprocess.run([*PARTING, "migrate"], env=env, check=True, capture_output=True)
        demo = subprocess.run(
            [*PARTING, "demo", "--json"], env=env, check=True, capture_output=True, text=True
        )
        account = json.loads(demo.stdout)
        server = subprocess.Popen(
            [*PARTING, "serve", "--no-worker", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/login/")
        shoot(base, account, args.out)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(home, ignore_errors=True)
    return 0


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with suppress(OSError), urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310
            if answer.status == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"screenshots: nothing answered at {url}")


def shoot(base: str, account: dict[str, str], out: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    executable = os.environ.get("PARTING_BROWSER", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        zone = "America/Chicago"  # the demo seeker's, so no time-zone question shows
        desktop = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id=zone)
        page = desktop.new_page()
        page.goto(base + "/login/")
        page.get_by_label("Email").fill(account["email"])
        page.get_by_label("Password").fill(account["password"])
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
        page.get_by_role("button", name="Put away").click()  # the first week, to show the list
        expect(page.get_by_role("heading", name="Due today")).to_be_visible()
        page.screenshot(path=str(out / "today.png"), full_page=False)
        page.goto(base + "/leads/board/")
        page.screenshot(path=str(out / "lead-board.png"), full_page=False)
        page.goto(base + "/insights/tree/")
        page.screenshot(path=str(out / "referral-tree.png"), full_page=False)

        phone = browser.new_context(
            viewport={"width": 375, "height": 812},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            storage_state=desktop.storage_state(),
            timezone_id=zone,
        )
        page = phone.new_page()
        page.goto(base + "/call/")
        page.locator(".picklist a").first.click()
        expect(page.get_by_role("heading", name="Call with")).to_be_visible()
        page.get_by_role("button", name="Rejected").click()
        expect(page.get_by_role("heading", name="One more question")).to_be_visible()
        page.wait_for_timeout(300)  # let the panel settle
        page.screenshot(path=str(out / "call-page.png"), full_page=False)
        browser.close()
    for name in ("today", "lead-board", "referral-tree", "call-page"):
        print(out / f"{name}.png")


if __name__ == "__main__":
    sys.exit(main())
