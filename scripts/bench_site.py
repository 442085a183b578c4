"""Benchmark the site build on a demo registry, and what a visitor downloads.

    .venv/bin/python scripts/bench_site.py [--scale national|national3x] [--db PATH]
        [--out DIR] [--json]

Without --db it generates and imports the demo of that scale (national: ~100,000 agencies and
60,000 practitioners; national3x: three times that) into a temporary folder first. The build
runs in a child process, as `lantian site build` does, so its cost is measured alone: wall
time, CPU time (the build, its directory-index helper and mkdocs), and peak memory of the
build and its children (the largest resident set they held at once, sampled every 20 ms, and
each process's own peak, VmHWM, added up: a bound no sample can miss); then each process's
CPU time and peak, since they run side by side (on an idle machine with two cores the slowest
of them, or half their sum, sets the wall time; on a busy one the wall time says little).
Targets (the performance issue): at national3x under 60 s and under 500 MB.
Prints also: build time by step; the directory index (files, bytes, gzipped bytes as the
build estimates them from one file in 16, the largest file);
the home page (HTML + CSS + JS, then with the search files Material fetches after load), raw
and gzipped; a directory search (the page, its CSS and JS, and the shard files one query
fetches, for several kinds of query; needs node, which runs the page's own search code).
Targets (the site issue): home page under 200 KB transferred; no shard over 100 KB (aim
50 KB gzipped).
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.registry.database import open_database  # noqa: E402
from bot.registry.demo import Scale, write_demo_bundle  # noqa: E402
from bot.registry.importer import import_path  # noqa: E402
from bot.site.build import SiteSummary, build_site  # noqa: E402
from bot.site.shards import ShardStats  # noqa: E402
from bot.site.weight import after_load, page_weight  # noqa: E402

TODAY = date(2026, 11, 1)
SEARCH_TOOL = ROOT / "site" / "tools" / "search.mjs"
# The targets for the build at three times the national registry.
TARGET_SECONDS = 60
TARGET_MB = 500
SAMPLE_EVERY = 0.02  # seconds between two readings of the build's memory


def demo_db(folder: Path, scale: Scale) -> tuple[Path, float]:
    start = time.perf_counter()
    bundle = folder / "bundle"
    write_demo_bundle(bundle, scale)
    path = folder / "lantian.db"
    db = open_database(path)
    import_path(db, bundle, today=TODAY)
    db.close()
    return path, time.perf_counter() - start


def sample_queries(db_path: Path) -> dict[str, str]:
    """One query of each kind a visitor types, taken from the registry itself."""
    db = open_database(db_path)
    uscc, name, phones = db.execute(
        "SELECT uscc, name, phones FROM agencies WHERE phones != '[]' AND province LIKE '上海%' "
        "ORDER BY uscc LIMIT 1"
    ).fetchone()
    cert = db.execute("SELECT cert_no FROM practitioners ORDER BY cert_no LIMIT 1").fetchone()[0]
    db.close()
    short = name.removeprefix("上海")[:4]
    return {
        "USCC": uscc,
        "phone": json.loads(phones)[0],
        "full name": name,
        "short name": short,
        "typo": short[:2] + "华" + name.removeprefix("上海")[3:],
        "certificate": cert,
        "unregistered": "上海从未登记过示例知识产权代理有限公司",
        "state organ": "国家知识产权局商标局受理窗口",
    }


def search_bytes(site: Path, queries: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Files each query fetches, by running the page's own search code under node."""
    if shutil.which("node") is None:
        return {}
    output = subprocess.run(
        ["node", str(SEARCH_TOOL), str(site), "--json", json.dumps(list(queries.values()))],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found: dict[str, dict[str, Any]] = {}
    base = site / "assets" / "directory"
    for kind, result in zip(queries, json.loads(output)["results"], strict=True):
        files = [path for path, _ in result["fetched"]]
        raw = sum((base / path).stat().st_size for path in files)
        packed = sum(len(gzip.compress((base / path).read_bytes(), 6)) for path in files)
        found[kind] = {
            "query": result["query"],
            "level": result["level"],
            "files": len(files),
            "raw": raw,
            "gzip": packed,
        }
    return found


@dataclasses.dataclass
class Cost:
    """What one build cost: wall and CPU time, and memory of the build and its children."""

    wall_s: float
    cpu_s: float  # user + system of the build and its children
    peak_mb: float  # the largest resident set of the process tree at one reading
    hwm_sum_mb: float  # each process's own peak (VmHWM), added up: an upper bound
    largest_process_mb: float  # the largest one process held (ru_maxrss)
    # Each process's own peak and CPU time (its last reading): the build, the directory index's
    # helper and mkdocs run side by side, so the slowest of them sets the wall time on a quiet
    # machine with two cores.
    processes: dict[str, dict[str, float]] = dataclasses.field(default_factory=dict)


TICKS = os.sysconf("SC_CLK_TCK")


def measured_build(db_path: Path, out: Path) -> tuple[SiteSummary, Cost]:
    """Build in a child process (this script with --build-child), reading its memory as it runs."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    command = [sys.executable, __file__, "--build-child", str(db_path), str(out)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak_kb = 0
    seen: dict[int, Reading] = {}
    while child.poll() is None:
        now = tree_memory(child.pid)
        peak_kb = max(peak_kb, sum(reading.rss_kb for reading in now.values()))
        for pid, reading in now.items():
            earlier = seen.get(pid)
            seen[pid] = reading if earlier is None else reading.after(earlier)
        time.sleep(SAMPLE_EVERY)
    wall = time.perf_counter() - start
    output = child.stdout.read() if child.stdout else ""
    if child.returncode != 0:
        raise SystemExit(f"the build failed ({child.returncode})")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    processes: dict[str, dict[str, float]] = {}
    for reading in seen.values():
        role = processes.setdefault(reading.role, {"peak_mb": 0, "cpu_s": 0})
        role["peak_mb"] = max(role["peak_mb"], round(reading.hwm_kb / 1024))
        role["cpu_s"] = round(role["cpu_s"] + reading.cpu_s, 1)
    cost = Cost(
        wall_s=round(wall, 1),
        cpu_s=round(cpu, 1),
        peak_mb=round(peak_kb / 1024),
        hwm_sum_mb=round(sum(reading.hwm_kb for reading in seen.values()) / 1024),
        largest_process_mb=round(after.ru_maxrss / 1024),
        processes=processes,
    )
    return summary_from_json(output.strip().splitlines()[-1]), cost


@dataclasses.dataclass(frozen=True)
class Reading:
    """One process of the build at one moment."""

    role: str  # build, helper keys / helper grams (bot/site/shard_helper.py) or mkdocs
    rss_kb: int
    hwm_kb: int
    cpu_s: float

    def after(self, earlier: Reading) -> Reading:
        return Reading(
            self.role, self.rss_kb, max(self.hwm_kb, earlier.hwm_kb), max(self.cpu_s, earlier.cpu_s)
        )


def tree_memory(root: int) -> dict[int, Reading]:
    """The readings of `root` and every process under it, by pid."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found: dict[int, Reading] = {}
    waiting = [root]
    while waiting:
        pid = waiting.pop()
        waiting.extend(children.get(pid, []))
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if "VmRSS" in fields:
            role = next((r for r in ("mkdocs", "shard_helper") if r in command), "build")
            if role == "shard_helper":  # one helper per part of the index: keys, grams
                role = "helper " + command.split()[-1]
            found[pid] = Reading(
                role=role,
                rss_kb=int(fields["VmRSS"].split()[0]),
                hwm_kb=int(fields["VmHWM"].split()[0]),
                cpu_s=(int(stat[11]) + int(stat[12])) / TICKS,  # utime + stime
            )
    return found


def build_child(db_path: Path, out: Path) -> None:
    """The build alone, as the measured child runs it; its summary as one JSON line."""
    db = open_database(db_path)
    summary = build_site(db, out, today=TODAY)
    db.close()
    print(json.dumps(dataclasses.asdict(summary), default=str))


def summary_from_json(line: str) -> SiteSummary:
    fields = json.loads(line)
    fields["out_dir"] = Path(fields["out_dir"])
    fields["today"] = date.fromisoformat(fields["today"])
    fields["shards"] = ShardStats(**fields["shards"])
    return SiteSummary(**fields)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["national", "national3x"], default="national")
    parser.add_argument("--db", type=Path, help="an imported registry (default: the demo)")
    parser.add_argument("--out", type=Path, help="keep the built site here")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--build-child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_child:
        build_child(*args.build_child)
        return
    with tempfile.TemporaryDirectory(prefix="lantian-bench-site-") as work:
        folder = Path(work)
        prepared = 0.0
        db_path = args.db
        if db_path is None:
            db_path, prepared = demo_db(folder, args.scale)
        out = args.out or folder / "site"
        summary, cost = measured_build(db_path, out)
        home = page_weight(out, "index.html")
        home_all = home.merged(after_load(out))
        directory = page_weight(out, "directory/index.html")
        searches = search_bytes(out, sample_queries(db_path))
        shards = summary.shards
        figures: dict[str, Any] = {
            "scale": args.scale if args.db is None else str(args.db),
            "registry": {"agencies": summary.agencies, "practitioners": summary.practitioners},
            "demo_generate_and_import_s": round(prepared, 1),
            "build": dataclasses.asdict(cost),
            "build_target": {"wall_s": TARGET_SECONDS, "peak_mb": TARGET_MB},
            "build_steps_s": summary.seconds,
            "html_pages": summary.html_pages,
            "shards": {
                "files": shards.files,
                "raw_mb": round(shards.bytes / 1e6, 1),
                "gzip_mb": round(shards.gzip_bytes / 1e6, 1),
                "largest_file": shards.largest_file,
                "largest_kb": round(shards.largest_bytes / 1e3, 1),
                "largest_gzip_kb": round(shards.largest_gzip_bytes / 1e3, 1),
                "key_files": shards.key_shards,
                "gram_files": shards.gram_shards,
                "stop_grams": shards.stop_grams,
            },
            "home_kb": {
                "html_css_js_raw": round(home.raw / 1e3, 1),
                "html_css_js_gzip": round(home.gzip / 1e3, 1),
                "with_search_index_gzip": round(home_all.gzip / 1e3, 1),
            },
            "directory_page_kb": {
                "html_css_js_raw": round(directory.raw / 1e3, 1),
                "html_css_js_gzip": round(directory.gzip / 1e3, 1),
            },
            "one_search_kb": {
                kind: {
                    "level": s["level"],
                    "files": s["files"],
                    "shards_gzip": round(s["gzip"] / 1e3, 1),
                    "page_plus_shards_gzip": round((directory.gzip + s["gzip"]) / 1e3, 1),
                }
                for kind, s in searches.items()
            },
        }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    report(figures)


def report(f: dict[str, Any]) -> None:
    shards = f["shards"]
    print(
        f"registry: {f['registry']['agencies']} agencies, "
        f"{f['registry']['practitioners']} practitioners "
        f"(demo generated and imported in {f['demo_generate_and_import_s']} s)"
    )
    steps = ", ".join(f"{k} {v} s" for k, v in f["build_steps_s"].items())
    cost, target = f["build"], f["build_target"]
    print(
        f"build ({f['scale']}): {cost['wall_s']} s wall (target < {target['wall_s']} s "
        f"at national3x), {cost['cpu_s']} s CPU; peak memory {cost['peak_mb']} MB "
        f"(target < {target['peak_mb']} MB at national3x; the processes' own peaks added up "
        f"{cost['hwm_sum_mb']} MB, the largest one {cost['largest_process_mb']} MB)"
    )
    each = "; ".join(
        f"{role} {p['cpu_s']} s CPU, {p['peak_mb']} MB" for role, p in cost["processes"].items()
    )
    print(f"build processes side by side: {each}")
    print(f"build steps: {steps}; {f['html_pages']} HTML pages")
    print(
        f"directory index: {shards['files']} files, {shards['raw_mb']} MB "
        f"({shards['gzip_mb']} MB gzipped); largest {shards['largest_file']} "
        f"{shards['largest_kb']} KB ({shards['largest_gzip_kb']} KB gzipped); "
        f"{shards['key_files']} key files, {shards['gram_files']} gram files, "
        f"{shards['stop_grams']} stop grams"
    )
    home = f["home_kb"]
    print(
        f"home page: HTML+CSS+JS {home['html_css_js_raw']} KB raw, "
        f"{home['html_css_js_gzip']} KB gzipped; with the search index fetched after load "
        f"{home['with_search_index_gzip']} KB gzipped (target < 200 KB)"
    )
    page = f["directory_page_kb"]
    print(
        f"directory page: HTML+CSS+JS {page['html_css_js_raw']} KB raw, "
        f"{page['html_css_js_gzip']} KB gzipped"
    )
    if not f["one_search_kb"]:
        print("one search: node not found; the shard bytes of a search are not measured")
    for kind, s in f["one_search_kb"].items():
        print(
            f"  search by {kind:<12} → {s['level']:<8} {s['files']} files, "
            f"{s['shards_gzip']} KB gzipped; with the page {s['page_plus_shards_gzip']} KB"
        )


if __name__ == "__main__":
    main()
