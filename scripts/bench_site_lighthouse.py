"""Lighthouse 13 on the static site, served on 127.0.0.1, in Debian's headless chromium.

    .venv/bin/python scripts/bench_site_lighthouse.py                 # build from the fixtures
    .venv/bin/python scripts/bench_site_lighthouse.py --dir SITE_DIR  # an already built site
    .venv/bin/python scripts/bench_site_lighthouse.py --path /directory/ --runs 3

Prints the four category scores (performance, accessibility, best practices, SEO; 0-100) and
the main timings, on Lighthouse's mobile form factor with its default (simulated) throttling;
with --runs N, the median of N runs. A benchmark, not a test: the scores vary from run to run
and with the machine's load, so it is not part of `make test`. Needs `make browser-deps`.
Without --dir the site is built by bot.site.build from tests/fixtures/check_bundle.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.site.serve import SiteServer  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "Speed Index",
}
FIXTURE_BUNDLE = ROOT / "tests" / "fixtures" / "check_bundle"
TODAY = date(2026, 6, 1)


def build_fixture_site(out: Path) -> None:
    from bot.registry.database import open_database
    from bot.registry.importer import import_path
    from bot.site.build import build_site

    db = open_database(out.parent / "registry.db")
    import_path(db, FIXTURE_BUNDLE, today=TODAY)
    build_site(db, out, today=TODAY)
    db.close()


def lighthouse(url: str, report: Path) -> dict[str, Any]:
    """One Lighthouse run; the JSON report (also written to `report`)."""
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--form-factor=mobile",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(command, check=True, env=env)
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    if error := result.get("runtimeError"):
        sys.exit(f"Lighthouse could not audit {url}: {error}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, help="a built site to serve (default: build one)")
    parser.add_argument("--path", default="/", help="the page to audit (default: /)")
    parser.add_argument("--runs", type=int, default=1, help="runs; the median is printed")
    parser.add_argument("--report", type=Path, help="keep the last run's JSON report here")
    args = parser.parse_args()
    for needed in (LIGHTHOUSE, Path(CHROMIUM)):
        if not needed.exists():
            sys.exit(f"missing {needed}: run `make browser-deps`")

    with tempfile.TemporaryDirectory(prefix="lantian-lighthouse-") as tmp:
        site = args.dir
        if site is None:
            site = Path(tmp) / "site"
            build_fixture_site(site)
        with SiteServer(site) as server:
            url = server.url(args.path)
            report = args.report or Path(tmp) / "report.json"
            runs = [lighthouse(url, report) for _ in range(args.runs)]

    print_summary(url, runs)


def median_score(runs: list[dict[str, Any]], category: str) -> float:
    scores = [r["categories"][category]["score"] for r in runs]
    if any(s is None for s in scores):  # Lighthouse could not score it
        return float("nan")
    return float(statistics.median(100 * s for s in scores))


def print_summary(url: str, runs: list[dict[str, Any]]) -> None:
    last = runs[-1]
    browser = re.search(r"Chrome/(\d+)", last["environment"]["hostUserAgent"])
    print(
        f"Lighthouse {last['lighthouseVersion']}, Chromium {browser.group(1) if browser else '?'}, "
        f"{last['configSettings']['formFactor']}, {url}: median of {len(runs)} run(s)"
    )
    for category in CATEGORIES:
        title = last["categories"][category]["title"]
        print(f"  {title:<16} {median_score(runs, category):5.0f}")
    for audit, label in METRICS.items():
        value = statistics.median(r["audits"][audit]["numericValue"] for r in runs)
        shown = f"{value:9.3f}" if audit == "cumulative-layout-shift" else f"{value:6.0f} ms"
        print(f"  {label:<16} {shown}")
    not_passed = [
        f"{last['audits'][ref['id']]['title']} ({category})"
        for category in CATEGORIES[1:]
        for ref in last["categories"][category]["auditRefs"]
        if ref["weight"] and (last["audits"][ref["id"]]["score"] or 0) < 1
    ]
    if not_passed:
        print("  not passed in the last run: " + "; ".join(not_passed))


if __name__ == "__main__":
    main()
