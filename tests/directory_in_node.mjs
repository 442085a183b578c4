// The site's directory script reading text and hosts, run under node for
// tests/test_site_directory_reading.py:
//
//     node tests/directory_in_node.mjs SITE_DIR read < queries.json
//     node tests/directory_in_node.mjs SITE_DIR search < queries.json
//     node tests/directory_in_node.mjs SITE_DIR site-label < hosts.json
//
// Prints a JSON list: for each query what Reader.read makes of it (the pieces, names, spans and
// invalid USCCs of bot/query_reading.py read), or the page's verdict on it (level, match,
// candidates and the view it lays out), or for each host its site name (as bot/normalize.py
// site_label finds it, from the suffixes under the host's `t:` key).

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [siteDir, what] = process.argv.slice(2);
const { Directory, viewOf } = await import(pathToFileURL(join(siteDir, "assets", "directory.js")).href);
const base = join(siteDir, "assets", "directory");
const meta = JSON.parse(await readFile(join(base, "meta.json"), "utf8"));
const directory = new Directory(meta, async (path) => JSON.parse(await readFile(join(base, path), "utf8")));

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const inputs = JSON.parse(Buffer.concat(chunks).toString("utf8"));

let out;
if (what === "read") {
  out = inputs.map((query) => {
    const reading = directory.reader.read(query);
    return {
      pieces: reading.pieces.map((p) => [p.kind, p.text, p.keys, p.misread]),
      names: reading.names,
      spans: reading.spans,
      invalid: reading.invalid,
    };
  });
} else if (what === "search") {
  out = [];
  for (const query of inputs) {
    const answer = await directory.search(query);
    out.push({
      level: answer.level,
      match: answer.match ? answer.match.u : null,
      candidates: answer.candidates.map((c) => c.record.u),
      view: viewOf(meta, answer),
    });
  }
} else if (what === "site-label") {
  out = [];
  for (const host of inputs) {
    const rules = await directory.entry("t:" + host.split(".").pop());
    out.push(directory.norm.siteLabel(host, rules));
  }
} else {
  throw new Error(`unknown: ${what}`);
}
console.log(JSON.stringify(out));
