// The directory search of a built site, run under node instead of a browser:
//
//     node site/tools/search.mjs BUILD_DIR QUERY [QUERY …]
//     node site/tools/search.mjs BUILD_DIR --json '["query", …]'
//
// Prints one JSON object: for each query the verdict the page would show (level, headline,
// the matched record, the candidates, and the view the page lays out), and for each query the shard files it fetched with
// their sizes. Used by tests/test_site_build.py (the browser answers as `lantian check`) and
// scripts/bench_site.py (bytes fetched by one search). Nothing here is deployed.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [siteDir, ...rest] = process.argv.slice(2);
const queries = rest[0] === "--json" ? JSON.parse(rest[1]) : rest;
const { Directory, viewOf } = await import(pathToFileURL(join(siteDir, "assets", "directory.js")).href);
const base = join(siteDir, "assets", "directory");
const metaText = await readFile(join(base, "meta.json"), "utf8");
const meta = JSON.parse(metaText);

const results = [];
for (const query of queries) {
  const fetched = [["meta.json", Buffer.byteLength(metaText)]];
  // A fresh Directory per query: its file cache would hide what a first search fetches.
  const directory = new Directory(meta, async (path) => {
    const text = await readFile(join(base, path), "utf8");
    fetched.push([path, Buffer.byteLength(text)]);
    return JSON.parse(text);
  });
  const answer = await directory.search(query);
  const view = viewOf(meta, answer);
  results.push({
    query,
    level: answer.level,
    headline: view.headline,
    match: answer.match ? answer.match.u : null,
    match_kind: answer.matchKind,
    candidates: answer.candidates.map((c) => ({ id: c.record.u, level: c.record.l, kind: c.matchKind })),
    view,
    fetched,
  });
}
console.log(JSON.stringify({ results }));
