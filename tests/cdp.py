"""A small Chrome DevTools Protocol client over ``--remote-debugging-pipe`` (no extra packages).

Chromium reads commands from file descriptor 3 and writes replies and events to descriptor 4, as
NUL-terminated JSON. :class:`Browser` starts headless Chromium with those pipes, opens one page,
and records what a person would notice: console messages, uncaught exceptions, dialogs, and every
network request the page makes.
"""
from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
         "--remote-debugging-pipe"]


class BrowserError(RuntimeError):
    pass


class Browser:
    """One headless Chromium with one page of ``width`` x ``height`` CSS pixels."""

    def __init__(self, profile: Path, width: int = 1280, height: int = 800):
        if CHROMIUM is None:
            raise BrowserError("no chromium installed")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # move the child's ends to 3 and 4 without clobbering each other
        hi_r, hi_w = os.dup(to_chrome_r), os.dup(from_chrome_w)

        def child_fds() -> None:
            os.dup2(hi_r, 3)
            os.dup2(hi_w, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=child_fds, pass_fds=(3, 4),  # noqa: PLW1509 - only dup2 before exec
        )
        for fd in (to_chrome_r, from_chrome_w, hi_r, hi_w):
            os.close(fd)
        self._buf = b""
        self._next_id = 0
        self.events: list[dict] = []
        self.console: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.page(f"{domain}.enable")
        self.page("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)

    # -- protocol -------------------------------------------------------------------------------
    def _send(self, method: str, params: dict, session: str | None) -> int:
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        return self._next_id

    def _read(self, timeout: float) -> dict | None:
        end = time.monotonic() + timeout
        while b"\0" not in self._buf:
            left = end - time.monotonic()
            if left <= 0 or not select.select([self._from_chrome], [], [], left)[0]:
                return None
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise BrowserError("chromium closed the pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        msg = json.loads(raw)
        if "method" in msg:
            self._note(msg)
        return msg

    def _note(self, msg: dict) -> None:
        m, p = msg["method"], msg.get("params", {})
        self.events.append(msg)
        if m == "Runtime.consoleAPICalled":
            self.console.append(f"console.{p['type']}: " + " ".join(str(a.get("value", a.get("description", "")))
                                                                    for a in p.get("args", [])))
        elif m == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            self.console.append("exception: " + str(d.get("exception", {}).get("description", d.get("text"))))
        elif m == "Log.entryAdded":
            self.console.append(f"log.{p['entry']['level']}: {p['entry']['text']}")
        elif m == "Network.requestWillBeSent":
            self.requests.append(p["request"]["url"])
        elif m == "Page.javascriptDialogOpening":
            self.dialogs.append(p.get("message", ""))
            self.page("Page.handleJavaScriptDialog", accept=False)

    def call(self, method: str, session: str | None = None, timeout: float = 60, **params) -> dict:
        want = self._send(method, params, session)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            msg = self._read(end - time.monotonic())
            if msg and msg.get("id") == want:
                if "error" in msg:
                    raise BrowserError(f"{method}: {msg['error']}")
                return msg.get("result", {})
        raise BrowserError(f"{method}: no reply in {timeout}s")

    def page(self, method: str, timeout: float = 60, **params) -> dict:
        return self.call(method, self.session, timeout, **params)

    def wait_event(self, method: str, timeout: float = 30) -> dict:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            msg = self._read(end - time.monotonic())
            if msg and msg.get("method") == method:
                return msg
        raise BrowserError(f"no {method} in {timeout}s")

    # -- what tests use -------------------------------------------------------------------------
    def open(self, url: str, timeout: float = 30) -> None:
        self.page("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired", timeout)

    def eval(self, expression: str, timeout: float = 60):
        res = self.page("Runtime.evaluate", timeout, expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in res:
            raise BrowserError(f"{expression[:80]}: {res['exceptionDetails'].get('exception', {}).get('description')}")
        return res["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 60) -> None:
        """Wait until ``expression`` is true in the page (events keep being recorded meanwhile)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.eval(expression):
                return
            self._read(0.05)
        raise BrowserError(f"timed out waiting for {expression}")

    def screenshot(self, path: Path, height: int = 0) -> Path:
        """The viewport as PNG; with ``height``, that many pixels from the top (beyond the viewport)."""
        extra = {}
        if height:
            width = self.eval("document.documentElement.clientWidth")
            extra = {"captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}}
        data = self.page("Page.captureScreenshot", format="png", **extra)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self._send("Browser.close", {}, None)
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        finally:
            os.close(self._to_chrome)
            os.close(self._from_chrome)

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def main(argv: list[str] | None = None) -> int:
    """``python tests/cdp.py PAGE.html OUT.png [HEIGHT]``: a 1280-wide screenshot of a report page
    laid out at 1280x800 (the first HEIGHT pixels, default: the whole page). Used for docs/screenshot.png."""
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("page", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("height", type=int, nargs="?", default=0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as profile, Browser(Path(profile)) as b:
        b.open(args.page.resolve().as_uri())
        b.wait_for("document.body.getAttribute('data-ready') === '1'")
        b.screenshot(args.out, args.height or b.eval("document.documentElement.scrollHeight"))
        if b.console:
            print("\n".join(b.console))
            return 1
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
