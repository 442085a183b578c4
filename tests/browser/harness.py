"""A real headless Chromium against a folder served on 127.0.0.1, for the site's browser tests.

Selenium drives Debian's chromium through Debian's chromedriver (both installed by
`scripts/setup_browser.sh`). Every page load is watched: console errors come from the browser
log, every request from the DevTools performance log, so a test can say "nothing left
127.0.0.1". axe-core comes from `node_modules` (the same `npm ci` that installs Lighthouse).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from bot.site.serve import SiteServer

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SETUP_HINT = "run `make browser-deps` (scripts/setup_browser.sh)"

# The flags this machine needs (see the machine notes): headless, as root, on a closed network.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Names never resolve, so a stray request is recorded and fails, but never reaches the network.
HOST_RULES = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"
WINDOW = (1280, 900)  # desktop width: Material shows its search box in the header
WAIT_SECONDS = 10.0
# Schemes that never touch the network.
LOCAL_SCHEMES = {"data", "blob", "about", "chrome", "chrome-extension", "devtools", "javascript"}
LOCAL_HOSTS = {"127.0.0.1"}


def is_local(url: str) -> bool:
    """Whether loading `url` stays on this machine's 127.0.0.1 (or never uses the network)."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    if parts.scheme == "file":
        return not parts.hostname
    return parts.hostname in LOCAL_HOSTS


# The project's own server (`lantian site serve`), so the tests serve the site as a user does.
StaticServer = SiteServer


def missing_browser_deps() -> list[str]:
    """What `scripts/setup_browser.sh` would install, if anything."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).is_file()]
    if not AXE_JS.is_file():
        missing.append(str(AXE_JS.relative_to(ROOT)))
    return missing


def start_chromium(profile_dir: Path, *, javascript: bool = True) -> webdriver.Chrome:
    """A headless Chromium with a fresh profile, logging the console and every request; with
    `javascript=False` the pages' own scripts never run (the tests' scripts still do, as a
    person's browser with JavaScript turned off shows the page)."""
    if missing := missing_browser_deps():
        raise RuntimeError(f"browser tests need {', '.join(missing)}: {SETUP_HINT}")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [
        *CHROMIUM_FLAGS,
        HOST_RULES,
        "--lang=zh-CN",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
    ]:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    options.add_experimental_option(
        "perfLoggingPrefs", {"enableNetwork": True, "enablePage": False}
    )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    if not javascript:
        # DevTools' "Disable JavaScript": kept for every later navigation of this tab.
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    return driver


@dataclass
class AxeViolation:
    id: str
    impact: str | None
    help: str
    nodes: list[tuple[str, str, str]]  # (CSS target, the element's HTML, failure summary)

    def describe(self, max_nodes: int = 5) -> str:
        lines = [f"- {self.id} [{self.impact}] {self.help} ({len(self.nodes)} element(s))"]
        for target, html, summary in self.nodes[:max_nodes]:
            snippet = html if len(html) <= 160 else html[:159] + "…"
            lines.append(f"    at {target}: {snippet}")
            lines.extend(f"       {line}" for line in summary.splitlines() if line.strip())
        if len(self.nodes) > max_nodes:
            lines.append(f"    … and {len(self.nodes) - max_nodes} more")
        return "\n".join(lines)


def describe_violations(where: str, violations: list[AxeViolation]) -> str:
    head = f"axe-core found {len(violations)} violation(s) on {where}:"
    return "\n".join([head, *(v.describe() for v in violations)])


@dataclass
class BrowserPage:
    """One Chromium session pointed at one server; what it loaded and logged is kept."""

    driver: webdriver.Chrome
    server: StaticServer
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def open(self, path: str = "/") -> None:
        """Load a path of the served site and wait until the document has loaded."""
        self.driver.get(self.server.url(path))
        self.wait_for(
            lambda d: d.execute_script("return document.readyState") == "complete",
            f"{path} to finish loading",
        )
        self.settle()

    def settle(self, quiet: float = 0.3, limit: float = 3.0) -> None:
        """Wait until no new request starts for `quiet` seconds (late fetches count too)."""
        deadline = time.monotonic() + limit
        seen = -1
        while time.monotonic() < deadline:
            self.collect()
            if len(self.requests) == seen:
                return
            seen = len(self.requests)
            time.sleep(quiet)

    def wait_for(self, condition: Any, what: str, timeout: float = WAIT_SECONDS) -> Any:
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.1).until(condition)
        except TimeoutException:
            raise AssertionError(f"waited {timeout:.0f} s for {what}") from None

    def collect(self) -> None:
        """Move what the browser logged since the last call into console_errors and requests."""
        for entry in self.driver.get_log("browser"):
            if entry.get("level") == "SEVERE":
                self.console_errors.append(str(entry.get("message")))
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            method, params = message.get("method"), message.get("params", {})
            if method == "Network.requestWillBeSent":
                self.requests.append(params["request"]["url"])
            elif method == "Network.webSocketCreated":
                self.requests.append(params["url"])

    def outside_requests(self) -> list[str]:
        self.collect()
        return [url for url in self.requests if not is_local(url)]

    def problems(self) -> list[str]:
        """Console errors and requests that left 127.0.0.1, for a person to read."""
        self.collect()
        found = [f"console error: {m}" for m in self.console_errors]
        found += [f"request left 127.0.0.1: {u}" for u in self.outside_requests()]
        return found

    def forget(self) -> None:
        """Drop what was logged so far (after a test has checked it on purpose)."""
        self.collect()
        self.console_errors.clear()
        self.requests.clear()

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def element(self, script: str, *args: Any) -> WebElement | None:
        """The element a script returns, or None."""
        found = self.js(script, *args)
        return found if isinstance(found, WebElement) else None

    def axe(self) -> list[AxeViolation]:
        """Run axe-core (every rule it runs by default) on the current document."""
        if not self.js("return typeof window.axe === 'object'"):
            self.js(AXE_JS.read_text(encoding="utf-8"))
        result = self.driver.execute_async_script(
            """
            const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']})
              .then(r => done({violations: r.violations}), e => done({error: String(e)}));
            """
        )
        if "error" in result:
            raise AssertionError(f"axe-core failed: {result['error']}")
        return [
            AxeViolation(
                id=v["id"],
                impact=v.get("impact"),
                help=v["help"],
                nodes=[
                    (" ".join(map(str, n["target"])), n["html"], n["failureSummary"])
                    for n in v["nodes"]
                ],
            )
            for v in result["violations"]
        ]
