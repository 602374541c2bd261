"""Re-take the screenshots in docs/img with headless Debian Chromium against a local `sarcoma serve`.

    .venv/bin/python scripts/screenshots.py            # writes docs/img/*.png

Phone shots are 375 x 740 (the first screen a person sees); desktop shots are 1280 wide.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
RESULT = "/result?site=leg&size=8&unit=cm&grade=3&n=no&m=no&recurrent=no&resectable=yes"
SURVIVAL = (
    RESULT.replace("recurrent=no", "recurrent=yes") + "&prognosis=show&age=60&depth=deep&tumor_type=leiomyosarcoma"
)
# (file, path, width, height, full page, element to scroll to or None)
SHOTS = [
    ("result.png", RESULT, 375, 740, False, None),
    ("result-1280.png", RESULT, 1280, 900, False, None),
    ("quick.png", "/quick", 375, 740, False, None),
    ("quick-1280.png", "/quick", 1280, 900, False, None),
    ("quick-errors.png", "/result?via=quick&size=abc&unit=cm&extent=none", 375, 740, False, None),
    ("body-map.png", "/check?site=leg", 375, 740, False, ".body-map-wrap"),
    ("survival-1280.png", SURVIVAL, 1280, 900, False, "#prognosis"),
    ("survival-curve.png", SURVIVAL, 375, 740, False, ".survival-curve"),
    ("search.png", "/learn/search?q=sarcomma", 375, 740, False, None),
    ("clinician.png", RESULT, 320, 740, False, "#clin-h"),
]


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def main() -> None:
    port = _port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "sarcoma"), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "/api/v1/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, path, width, height, full, anchor in SHOTS:
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.goto(url + path)
                if anchor:
                    page.evaluate("document.querySelectorAll('.clinician details').forEach(d => d.open = true)")
                    page.locator(anchor).first.evaluate("e => e.scrollIntoView({block: 'start'})")
                page.screenshot(path=str(OUT / name), full_page=full)
                context.close()
                sys.stdout.write(f"docs/img/{name}: {path} at {width}x{height}\n")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
