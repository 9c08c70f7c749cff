"""Regenerate docs/app.png and docs/app-zh.png from the real app.

Starts `songngu serve` on the bundled sample (a fresh data directory in a temporary folder, so the index is
built as a new user's first start builds it), asks one Vietnamese and one Chinese question in headless
Chromium (Debian's package, through Playwright) and saves each page:

    python docs/make_screenshots.py [--chromium /usr/bin/chromium]

Chinese text needs a CJK font on the machine (Debian: fonts-noto-cjk), or it shows as empty boxes.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from songngu.app.texts import TEXTS  # noqa: E402 (the checkout's, not an installed one)

SHOTS = [  # file, question, the interface language the question switches to
    ("app.png", "Năm 2024 kim ngạch xuất nhập khẩu qua các cửa khẩu của Quảng Ninh đạt bao nhiêu?", "vi"),
    ("app-zh.png", "下龙大学与广西哪些学校开展合作？", "zh"),
]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"songngu serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"songngu serve did not answer on {url} within {seconds} s")


def shoot(url: str, chromium: Path, out_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        for name, question, lang in SHOTS:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.set_default_timeout(120_000)
            page.goto(url)
            box = page.locator("#sn-question textarea")
            box.fill(question)
            box.press("Enter")
            page.wait_for_function("([q]) => { const r = document.querySelector('#sn-results .sn-result');"
                                   " return r && r.dataset.query === q; }", arg=[question])
            # The interface relabels itself in the question's language, one component after another.
            page.wait_for_function("([label]) => document.querySelector('#sn-ask').innerText.trim() === label",
                                   arg=[TEXTS[lang]["ask"]])
            page.wait_for_timeout(1000)
            page.screenshot(path=str(out_dir / name), full_page=True)
            print(f"wrote {out_dir / name}")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", type=Path, default=Path("/usr/bin/chromium"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="songngu-shots-") as home:
        port = free_port()
        env = {**os.environ, "SONGNGU_HOME": home, "GRADIO_ANALYTICS_ENABLED": "False"}
        process = subprocess.Popen([sys.executable, "-m", "songngu", "serve", "--port", str(port), "--quiet"],
                                   cwd=ROOT, env=env)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/", process)
            shoot(f"http://127.0.0.1:{port}/", args.chromium, args.out)
        finally:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
