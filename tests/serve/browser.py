"""Headless Chromium driven over its DevTools pipe: open a page at a window size, measure
its layout with a script, take a screenshot. Only the standard library; no Chromium, no
browser (`find_chromium` returns None)."""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

NAMES = ("chromium", "chromium-headless-shell", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    """The first Chromium on PATH, if any."""
    return next((path for name in NAMES if (path := shutil.which(name))), None)


class Page:
    """One tab, spoken to in DevTools messages (JSON, each ended by a NUL byte)."""

    def __init__(self, to_browser: int, from_browser: int, timeout: float) -> None:
        self._out, self._in, self._timeout = to_browser, from_browser, timeout
        self._buffer, self._last_id, self._session = b"", 0, ""
        self._events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its result (events seen meanwhile are kept)."""
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params}
        if self._session:
            message["sessionId"] = self._session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._next()
            if reply.get("id") == self._last_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply["result"]
                return result
            self._events.append(reply)

    def wait_for(self, event: str) -> None:
        """Until the browser reports `event` (or has already)."""
        while not any(e.get("method") == event for e in self._events):
            self._events.append(self._next())

    def _next(self) -> dict[str, Any]:
        deadline = time.monotonic() + self._timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise EOFError("Chromium closed its pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def open(self, url: str, width: int, height: int) -> None:
        """A new tab of `width` x `height` CSS pixels showing `url`, loaded."""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width, height=height, deviceScaleFactor=1, mobile=False,
        )  # fmt: skip
        self.call("Page.enable")
        self._events.clear()
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a script run in the page."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def screenshot(self) -> bytes:
        """The viewport as PNG."""
        return base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])


@contextmanager
def chromium_page(binary: str, timeout: float = 20.0) -> Iterator[Page]:
    """A headless Chromium with its DevTools on fds 3 (in) and 4 (out), closed after."""
    to_read, to_write = os.pipe()
    from_read, from_write = os.pipe()

    def fds_3_and_4() -> None:
        os.dup2(to_read, 3)
        os.dup2(from_write, 4)

    # --no-sandbox: Chromium's sandbox cannot start as root or in most containers; the
    # page is our own, on loopback. The tests never leave 127.0.0.1, Chromium neither: no
    # name resolves, anything not on loopback goes to a proxy nobody runs, and the
    # background services (updates, metrics) stay off.
    browser = subprocess.Popen(
        [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--proxy-server=http://127.0.0.1:9",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
         "--remote-debugging-pipe", "about:blank"],
        pass_fds=(3, 4), preexec_fn=fds_3_and_4,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(to_read)
    os.close(from_write)
    try:
        yield Page(to_write, from_read, timeout)
    finally:
        browser.terminate()
        browser.wait(timeout=10)
        os.close(to_write)
        os.close(from_read)
