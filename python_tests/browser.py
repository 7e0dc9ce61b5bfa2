"""A real headless Chromium driven over the DevTools protocol, for tests that look at pages as
a user would (the dashboard served by Streamlit, the HTML reports).

`--screenshot` alone is blank for Streamlit (the page is drawn by JavaScript after the load
event), so the page is opened over the protocol, the test waits for a condition evaluated in
the page, then captures a screenshot. Chromium (Debian's `chromium`) and a font with Cyrillic
glyphs are installed with apt-get when missing (the test machine is a throw-away root image).
"""

from __future__ import annotations

import base64
import io
import itertools
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket
from PIL import Image

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CYRILLIC_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def find_chromium() -> str | None:
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def ensure_chromium() -> str:
    """The Chromium binary, installed with apt-get (with a Cyrillic font) when missing."""
    path = find_chromium()
    if path and CYRILLIC_FONT.exists():
        return path
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise RuntimeError(
            "Chromium is not installed and cannot be installed here (needs root and apt-get): "
            "apt-get install chromium fonts-dejavu-core"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, capture_output=True)
    subprocess.run(
        [
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "chromium",
            "fonts-dejavu-core",
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    path = find_chromium()
    if not path:
        raise RuntimeError("apt-get installed chromium but no chromium binary is on PATH")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """One headless Chromium with one tab, closed by close()."""

    def __init__(self, binary: str, width: int = 1280, height: int = 1000):
        self.profile = tempfile.mkdtemp(prefix="chromium-profile-")
        port = free_port()
        self.process = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--hide-scrollbars",
                f"--remote-debugging-port={port}",
                "--remote-debugging-address=127.0.0.1",
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.ids = itertools.count(1)
        deadline = time.time() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as r:
                    tabs = [t for t in json.load(r) if t.get("type") == "page"]
                if tabs:
                    break
            except OSError:
                pass
            if time.time() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not open its DevTools port")
            time.sleep(0.2)
        self.ws = websocket.create_connection(tabs[0]["webSocketDebuggerUrl"], timeout=30)
        self.send("Page.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def send(self, method: str, **params):
        message_id = next(self.ids)
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def open(self, url: str, ready: str, timeout: float = 60, stable_for: float = 0) -> None:
        """Navigate to url and wait until the JavaScript expression `ready` is true on the new
        page (and has stayed true for `stable_for` seconds)."""
        # Page.navigate returns before the new document replaces the old one: mark the old
        # document, so that its content is never taken for the new page's.
        self.evaluate("window.__left_by_test = true")
        self.send("Page.navigate", url=url)
        self.wait_until(f"!window.__left_by_test && ({ready})", timeout, stable_for, url)

    def wait_until(
        self, ready: str, timeout: float = 60, stable_for: float = 0, what: str = "the page"
    ) -> None:
        """Wait until the JavaScript expression `ready` has been true for `stable_for` seconds
        (a page that starts to run again, e.g. a Streamlit rerun, starts the count again)."""
        deadline = time.time() + timeout
        since = None
        while time.time() < deadline:
            if self.evaluate(ready):
                since = since or time.time()
                if time.time() - since >= stable_for:
                    return
            else:
                since = None
            time.sleep(0.3)
        raise TimeoutError(f"{what}: not ready after {timeout}s ({ready})")

    def screenshot(self, path: Path, full_page: bool = True) -> Image.Image:
        params = {"format": "png", "captureBeyondViewport": full_page}
        data = base64.b64decode(self.send("Page.captureScreenshot", **params)["data"])
        path.write_bytes(data)
        return Image.open(io.BytesIO(data)).convert("RGB")

    def close(self) -> None:
        try:
            if getattr(self, "ws", None):
                self.ws.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            shutil.rmtree(self.profile, ignore_errors=True)


def has_content(image: Image.Image, min_share: float = 0.01) -> bool:
    """True when more than min_share of the pixels differ from the page's background (the
    most common colour): a blank or nearly blank page is False."""
    small = image.resize((320, max(1, image.height * 320 // image.width)))
    colours = small.getcolors(maxcolors=320 * 4000) or []
    if not colours:
        return True  # more colours than counted: plenty of content
    background = max(colours)[0]
    return 1 - background / (small.width * small.height) > min_share


def wait_for_http(url: str, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
