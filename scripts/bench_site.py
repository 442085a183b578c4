"""Benchmark the site build on the national demo registry, and what a visitor downloads.

    .venv/bin/python scripts/bench_site.py [--db PATH] [--out DIR] [--json]

Without --db it generates and imports the national demo (~100,000 agencies) into a temporary
folder first. Prints: build time by step; the directory index (files, bytes, the largest file);
the home page (HTML + CSS + JS, then with the search files Material fetches after load), raw
and gzipped; a directory search (the page, its CSS and JS, and the shard files one query
fetches, for several kinds of query; needs node, which runs the page's own search code).
Targets (the site issue): home page under 200 KB transferred; no shard over 100 KB (aim
50 KB gzipped).
"""

from __future__ import annotations

import argparse
import gzip
import json
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
from bot.registry.demo import write_demo_bundle  # noqa: E402
from bot.registry.importer import import_path  # noqa: E402
from bot.site.build import build_site  # noqa: E402
from bot.site.weight import after_load, page_weight  # noqa: E402

TODAY = date(2026, 11, 1)
SEARCH_TOOL = ROOT / "site" / "tools" / "search.mjs"


def national_db(folder: Path) -> tuple[Path, float]:
    start = time.perf_counter()
    bundle = folder / "bundle"
    write_demo_bundle(bundle, "national")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an imported registry (default: national demo)")
    parser.add_argument("--out", type=Path, help="keep the built site here")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lantian-bench-site-") as work:
        folder = Path(work)
        prepared = 0.0
        db_path = args.db
        if db_path is None:
            db_path, prepared = national_db(folder)
        out = args.out or folder / "site"
        db = open_database(db_path)
        start = time.perf_counter()
        summary = build_site(db, out, today=TODAY)
        seconds = time.perf_counter() - start
        db.close()
        home = page_weight(out, "index.html")
        home_all = home.merged(after_load(out))
        directory = page_weight(out, "directory/index.html")
        searches = search_bytes(out, sample_queries(db_path))
        shards = summary.shards
        figures: dict[str, Any] = {
            "registry": {"agencies": summary.agencies, "practitioners": summary.practitioners},
            "demo_generate_and_import_s": round(prepared, 1),
            "build_s": round(seconds, 1),
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
    print(f"build: {f['build_s']} s ({steps}); {f['html_pages']} HTML pages")
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
