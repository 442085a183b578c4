// 机构目录查询 — the directory search of the Lantian site, run in the browser.
//
// It answers as `lantian check` does (docs/verdict-rules.md), from the static files that
// bot/site/shards.py writes under assets/directory/: meta.json (patterns, sentences, counts),
// k/ (exact keys), g/ (name grams) and r/ (records, with the level the bot computed at build
// time). Only the few files a query needs are fetched. Plain ES module, nothing from outside.

const MAX_QUERY = 200; // bot/lookup.py MAX_QUERY
const CANDIDATES = 5; // bot/lookup.py CANDIDATES
const SUBSTRING_POOL = 200; // bot/lookup.py SUBSTRING_POOL
const VERIFY_LIMIT = 15; // candidates fetched at most to confirm a substring match
const FUZZY_FETCH = 10; // most-voted records fetched at most for a similarity match

// ---------------------------------------------------------------------------------------
// Pure functions: the same as bot/normalize.py and bot/site/shards.py (tested under node).

/** 32-bit FNV-1a of the UTF-8 bytes, as bot/site/shards.py fnv1a. */
export function fnv1a(text) {
  let value = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    value = Math.imul(value ^ byte, 0x01000193) >>> 0;
  }
  return value >>> 0;
}

/** Optimal string alignment similarity, as rapidfuzz OSA.normalized_similarity. */
export function osaSimilarity(a, b) {
  const s = Array.from(a);
  const t = Array.from(b);
  const longest = Math.max(s.length, t.length);
  if (longest === 0) return 1;
  const d = Array.from({ length: s.length + 1 }, () => new Array(t.length + 1).fill(0));
  for (let i = 0; i <= s.length; i++) d[i][0] = i;
  for (let j = 0; j <= t.length; j++) d[0][j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return 1 - d[s.length][t.length] / longest;
}

function grams(key, size) {
  const chars = Array.from(key);
  if (chars.length <= size) return chars.length ? [key] : [];
  const out = [];
  for (let i = 0; i + size <= chars.length; i++) out.push(chars.slice(i, i + size).join(""));
  return out;
}

function skipGrams(key) {
  const chars = Array.from(key);
  const out = [];
  for (let i = 0; i + 2 < chars.length; i++) out.push(chars[i] + chars[i + 2]);
  return out;
}

/** The normalisers of bot/normalize.py, built from the patterns meta.json carries. */
export class Normalizer {
  constructor(meta) {
    const re = meta.re;
    this.separators = new RegExp(re.separators, "g");
    this.forms = new RegExp(re.forms, "g");
    this.leadingRegion = new RegExp(re.leading_region);
    this.trailingCompany = new RegExp(re.trailing_company);
    this.industry = new RegExp(re.industry, "g");
    this.notWord = new RegExp(re.not_word, "g");
    this.stateOrganTerms = new RegExp(re.state_organ_terms);
    this.stateOrganHosts = new RegExp(re.state_organ_hosts);
    this.alphabet = meta.uscc_alphabet;
    this.usccShape = new RegExp(`^[${meta.uscc_alphabet}]{18}$`);
    this.t2s = new Map();
    const pairs = Array.from(meta.t2s || "");
    for (let i = 0; i + 1 < pairs.length; i += 2) this.t2s.set(pairs[i], pairs[i + 1]);
  }

  /** Full-width to half-width, traditional to simplified, lower case (normalize.fold). */
  fold(text) {
    const nfkc = text.normalize("NFKC");
    let out = "";
    for (const ch of nfkc) out += this.t2s.get(ch) || ch;
    return out.toLowerCase();
  }

  /** normalize.name_key: the form two names share when a person would call them the same. */
  nameKey(name) {
    let text = this.fold(name).replace(/【/g, "(").replace(/】/g, ")");
    text = text.replace(/\[/g, "(").replace(/\]/g, ")");
    text = text.replace(/\s+/g, "");
    text = text.replace(this.forms, "");
    text = text.replace(this.leadingRegion, "");
    text = text.replace(this.notWord, "");
    return text.replace(this.trailingCompany, "");
  }

  tradeName(key) {
    return key.replace(this.industry, "");
  }

  compactId(text) {
    return text.normalize("NFKC").replace(this.separators, "").toUpperCase();
  }

  looksLikeUscc(compact) {
    return this.usccShape.test(compact);
  }

  /** GB 32100-2015: the 18th character is a mod-31 check over the first 17. */
  usccIsValid(compact) {
    if (!this.looksLikeUscc(compact)) return false;
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += this.alphabet.indexOf(compact[i]) * weights[i];
    return this.alphabet[(31 - (sum % 31)) % 31] === compact[17];
  }

  /** normalize.phone_keys: the forms under which a phone number is stored and looked up. */
  phoneKeys(text) {
    const folded = text.normalize("NFKC").trim();
    if (!folded || !/^[\d\s\-+()（）.]+$/.test(folded)) return [];
    let digits = folded.replace(/\D/g, "");
    let international = folded.startsWith("+86") || digits.startsWith("0086");
    if (digits.startsWith("0086")) {
      digits = digits.slice(4);
    } else if (
      folded.startsWith("+86") ||
      (digits.startsWith("86") && (digits.length === 12 || digits.length === 13))
    ) {
      digits = digits.slice(2);
      international = true;
    }
    if (digits.length === 11 && digits.startsWith("1")) return [digits];
    if (international && !digits.startsWith("0") && [9, 10, 11].includes(digits.length)) {
      digits = "0" + digits;
    }
    if (digits.startsWith("021") && digits.length === 11) return [digits, digits.slice(3)];
    if (digits.startsWith("0") && digits.length >= 10 && digits.length <= 12) return [digits];
    if (digits.length === 8 && digits[0] !== "0") return ["021" + digits, digits];
    if (
      digits.length >= 5 &&
      digits.length <= 8 &&
      ["400", "800", "95", "96"].some((p) => digits.startsWith(p))
    ) {
      return [digits];
    }
    if (digits.length === 10 && (digits.startsWith("400") || digits.startsWith("800"))) {
      return [digits];
    }
    return [];
  }

  /** normalize.web_host: the host of a URL, e-mail address or domain, without `www.`. */
  webHost(text) {
    let folded = text.normalize("NFKC").trim().toLowerCase();
    if (!folded || folded.includes(" ") || !folded.includes(".")) return null;
    if (folded.includes("@") && !folded.includes("://")) {
      folded = folded.slice(folded.lastIndexOf("@") + 1);
    }
    if (!folded.includes("://")) folded = "http://" + folded;
    const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/?#]*@)?(\[[^\]]*\]|[^:/?#@]*)/.exec(folded);
    if (!match || !match[1] || match[1].startsWith("[")) return null;
    let host = match[1];
    if (host.startsWith("www.")) host = host.slice(4);
    host = host.replace(/\.+$/, "");
    const labels = host.split(".");
    const label = /^[a-z0-9\u3400-\u9fff]([a-z0-9\u3400-\u9fff-]*[a-z0-9\u3400-\u9fff])?$/;
    if (labels.length < 2 || !labels.every((part) => label.test(part))) return null;
    if (/^\d+$/.test(labels[labels.length - 1])) return null;
    return host;
  }

  parentHosts(host) {
    const labels = host.split(".");
    const out = [];
    for (let i = 0; i < labels.length - 1; i++) out.push(labels.slice(i).join("."));
    return out;
  }

  /** verdict.impersonation: the words by which a query poses as a state organ, if any. */
  impersonation(query, host) {
    if (host !== null) {
      if (host.endsWith(".gov.cn")) return null;
      const found = this.stateOrganHosts.exec(host);
      return found ? found[0].replace(/^[.-]+|[.-]+$/g, "") : null;
    }
    const found = this.stateOrganTerms.exec(this.fold(query));
    return found ? found[0] : null;
  }
}

// ---------------------------------------------------------------------------------------
// The search: which files to fetch, and the verdict the bot would give.

/** A query answered from the shards; `load(path)` returns the parsed JSON of one file. */
export class Directory {
  constructor(meta, load) {
    this.meta = meta;
    this.load = load;
    this.norm = new Normalizer(meta);
    this.stop = new Set(meta.stop);
    this.files = new Map();
  }

  file(path) {
    if (!this.files.has(path)) this.files.set(path, this.load(path));
    return this.files.get(path);
  }

  async exact(key) {
    const shard = (fnv1a(key) & (this.meta.keys - 1)).toString(16);
    const entries = await this.file(`k/${shard}.json`);
    return entries[key] || [];
  }

  async records(numbers) {
    const block = this.meta.block;
    const blocks = [...new Set(numbers.map((n) => Math.floor(n / block)))];
    const loaded = await Promise.all(blocks.map((b) => this.file(`r/${b.toString(16)}.json`)));
    const byNumber = new Map();
    for (const records of loaded) for (const r of records) byNumber.set(r.i, r);
    return numbers.map((n) => byNumber.get(n)).filter(Boolean);
  }

  /** Postings of a gram: [[number, key length], …]; null for a gram left out as too common. */
  async postings(gram) {
    if (this.stop.has(gram)) return null;
    const shard = (fnv1a(gram) & (this.meta.grams - 1)).toString(16);
    const entries = await this.file(`g/${shard}.json`);
    const deltas = entries[gram] || [];
    const bits = this.meta.length_bits;
    const out = [];
    let value = 0;
    for (const delta of deltas) {
      value += delta;
      out.push([Math.floor(value / bits), value % bits]);
    }
    return out;
  }

  /** The verdict on one query: level, headline, the record or the candidates, the reasons. */
  async search(rawQuery) {
    const query = rawQuery.trim();
    const text = this.meta.text;
    const answer = { query, level: "unknown", match: null, matchKind: null, candidates: [] };
    answer.reasons = [];
    if (Array.from(query).length > MAX_QUERY) {
      answer.headline = text.headlines.too_long;
      answer.reasons.push(fill(text.reasons.query_too_long, { length: query.length }));
      return answer;
    }
    const norm = this.norm;
    const compact = norm.compactId(query);
    const host = norm.webHost(query);
    const posingAs = norm.impersonation(query, host);
    if (norm.looksLikeUscc(compact) && !norm.usccIsValid(compact)) {
      // bot/lookup.py _same_uscc_prefix: the agencies whose first 17 characters these are.
      const near = await this.records(await this.exact("x:" + compact.slice(0, 17)));
      const candidates = near.map((record) => ({ record, matchKind: "fuzzy", score: round(17 / 18) }));
      return this.uncertain(answer, { invalid: true, posingAs, candidates });
    }
    const probes = [];
    if (/^[0-9A-Z]+$/.test(compact)) probes.push(["i:" + compact, "exact_id"]);
    for (const key of norm.phoneKeys(query)) probes.push(["p:" + key, "phone"]);
    for (const parent of host ? norm.parentHosts(host) : []) probes.push(["w:" + parent, "website"]);
    for (const [key, kind] of probes) {
      const found = await this.exact(key);
      if (found.length) return this.found(answer, found, kind, posingAs);
    }
    if (host) return this.uncertain(answer, { posingAs });
    const nameKey = norm.nameKey(query);
    const named = nameKey ? await this.exact("n:" + nameKey) : [];
    if (named.length) return this.found(answer, named, "name", posingAs, nameKey);
    // A name posing as a state organ is ⛔ whatever it resembles: no similar names to fetch.
    const candidates = posingAs ? [] : await this.similar(nameKey);
    return this.uncertain(answer, { posingAs, candidates });
  }

  async found(answer, numbers, kind, posingAs, nameKey = "") {
    const records = await this.records([...new Set(numbers)]);
    if (records.length !== 1) {
      const candidates = records.map((record) => ({ record, matchKind: "same", score: 1 }));
      return this.uncertain(answer, { posingAs, candidates, ambiguous: records.length });
    }
    const record = records[0];
    const text = this.meta.text;
    answer.match = record;
    answer.matchKind = kind;
    if (kind === "name") {
      answer.matchKind = this.norm.nameKey(record.n) === nameKey ? "exact_name" : "former_name";
    }
    answer.level = posingAs ? "danger" : record.l;
    if (posingAs) answer.reasons.push(fill(text.reasons.impersonation, { term: posingAs }));
    const key = posingAs ? "impersonation" : record.l;
    answer.headline = fill(text.headlines[key], { name: record.n });
    return answer;
  }

  uncertain(answer, { posingAs, candidates = [], invalid = false, ambiguous = 0 }) {
    const text = this.meta.text;
    answer.level = posingAs ? "danger" : "unknown";
    answer.candidates = candidates;
    const reasons = answer.reasons;
    if (posingAs) reasons.push(fill(text.reasons.impersonation, { term: posingAs }));
    const best = candidates[0];
    if (invalid) {
      reasons.push(text.reasons.invalid_uscc);
    } else if (ambiguous > 1) {
      reasons.push(fill(text.reasons.ambiguous, { count: ambiguous }));
    } else if (best && best.lookalike) {
      reasons.push(fill(text.reasons.lookalike, { name: best.record.n }));
    } else if (best && best.matchKind === "partial") {
      reasons.push(fill(text.reasons.partial_name, { query: answer.query }));
    }
    if (!ambiguous) reasons.push(text.reasons.not_registered);
    let key = "not_registered";
    if (posingAs) key = "impersonation";
    else if (invalid) key = "invalid_uscc";
    else if (ambiguous > 1) key = "ambiguous";
    else if (best && best.matchKind === "partial") key = "partial";
    else if (best && best.lookalike) key = "lookalike";
    answer.headline = fill(text.headlines[key], { query: answer.query });
    return answer;
  }

  /** Registered names containing the query, then names sharing its rarer grams (typos). */
  async similar(key) {
    if (!key) return [];
    const bigrams = [...new Set(Array.from(key).length > 1 ? grams(key, 2) : [key])];
    const lists = await Promise.all(bigrams.map((g) => this.postings(g)));
    const known = lists.filter((list) => list !== null);
    const pool = new Map(); // number → key length
    if (known.length) {
      const [first, ...rest] = known.sort((a, b) => a.length - b.length);
      const sets = rest.map((list) => new Set(list.map(([n]) => n)));
      for (const [n, length] of first) {
        if (sets.every((s) => s.has(n))) pool.set(n, length);
      }
    }
    // Substring candidates: for a substring, similarity is the length ratio, so the shortest
    // names rank first (bot/lookup.py _rank gives them 0.5 + similarity / 2).
    const ordered = [...pool.entries()]
      .sort((a, b) => a[1] - b[1] || a[0] - b[0])
      .slice(0, SUBSTRING_POOL)
      .map(([n]) => n);
    const partial = await this.ranked(key, ordered.slice(0, VERIFY_LIMIT));
    if (partial.length >= CANDIDATES) return partial.slice(0, CANDIDATES);
    const fuzzy = await this.ranked(key, await this.voted(key, new Set(ordered)));
    const seen = new Set(partial.map((c) => c.record.i));
    return [...partial, ...fuzzy.filter((c) => !seen.has(c.record.i))]
      .sort((a, b) => b.score - a.score || (a.record.u < b.record.u ? -1 : 1))
      .slice(0, CANDIDATES);
  }

  /** Records sharing the rarest grams (characters, bigrams, skip-bigrams) with the query.
   *
   * A shared gram counts 1 / (names holding it): 华岳 in three names outweighs 专利 in thousands,
   * so the few records fetched are the ones bot/lookup.py would rank best. */
  async voted(key, skip) {
    const tokens = [
      ...new Set([...Array.from(key), ...grams(key, 2), ...skipGrams(key).map((g) => "~" + g)]),
    ];
    const lists = await Promise.all(tokens.map((g) => this.postings(g)));
    const votes = new Map();
    const length = Array.from(key).length;
    for (const list of lists) {
      if (!list || !list.length) continue;
      const weight = 1 / list.length;
      for (const [n, size] of list) {
        if (skip.has(n)) continue;
        const vote = votes.get(n) || { n, count: 0, size };
        vote.count += weight;
        votes.set(n, vote);
      }
    }
    return [...votes.values()]
      .sort(
        (a, b) =>
          b.count - a.count || Math.abs(a.size - length) - Math.abs(b.size - length) || a.n - b.n,
      )
      .slice(0, FUZZY_FETCH)
      .map((v) => v.n);
  }

  /** bot/lookup.py _rank: a name scores by its whole and by its trade name, which clones copy. */
  async ranked(key, numbers) {
    if (!numbers.length) return [];
    const trade = this.norm.tradeName(key);
    const out = [];
    for (const record of await this.records(numbers)) {
      let best = null;
      for (const name of [record.n, ...(record.f || [])]) {
        const hit = this.score(key, trade, this.norm.nameKey(name));
        if (hit && (!best || hit.score > best.score)) best = hit;
      }
      if (best) out.push({ record, ...best });
    }
    return out.sort((a, b) => b.score - a.score || (a.record.u < b.record.u ? -1 : 1));
  }

  score(key, trade, candidate) {
    const whole = osaSimilarity(key, candidate);
    const otherTrade = this.norm.tradeName(candidate);
    const tradeAlike = trade && otherTrade ? osaSimilarity(trade, otherTrade) : whole;
    if (candidate.includes(key)) {
      return { matchKind: "partial", score: round(0.5 + whole / 2), lookalike: false };
    }
    if (tradeAlike >= 0.5 || whole >= 0.85) {
      let lookalike = tradeAlike === 1 || (whole >= this.meta.lookalike && tradeAlike >= 0.5);
      let score = (whole + tradeAlike) / 2;
      if (tradeAlike === 1) {
        lookalike = true;
        score = Math.max(score, 0.9);
      }
      return { matchKind: "fuzzy", score: round(score), lookalike };
    }
    return null;
  }
}

function round(value) {
  return Math.round(value * 1000) / 1000;
}

function fill(template, params) {
  return template.replace(/\{(\w+)\}/g, (all, name) => (name in params ? params[name] : all));
}

// ---------------------------------------------------------------------------------------
// The page: a form, results in an aria-live region. Every registry string is set as text.

// The query in the address (?find=…), so a result can be shared; not "q", which Material's own
// site search reads and would open over the page.
const PARAM = "find";

const UI = {
  loading: "正在查询……",
  failed: "查询失败：无法读取目录数据。请稍后再试，或使用机器人核查。",
  empty: "请输入机构名称、统一社会信用代码、机构代码、电话或网址。",
  candidate: "候选记录 · 名称相近，请核对",
  sameName: "同名记录 · 请用统一社会信用代码核对",
  recordLevel: "该登记记录本身的结论",
  matched: {
    exact_id: "按代码找到",
    phone: "按登记电话找到",
    website: "按登记网址找到",
    exact_name: "名称一致",
    former_name: "与曾用名一致",
  },
  checkInBot: "在机器人中查看详情",
  asOf: (meta) =>
    `数据截至 ${meta.as_of}，结论按 ${meta.today} 计算 · 来源：${meta.source}` +
    (meta.fictional ? " · 示例数据（虚构），仅供演示" : ""),
};

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === "") continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function levelBadge(meta, level) {
  const [symbol, word] = meta.text.levels[level];
  return element("span", { class: `lt-level lt-level--${level}` }, `${symbol} ${word}`);
}

function botLink(meta, query) {
  if (!meta.bot) return null;
  const bytes = new TextEncoder().encode(query);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const payload = btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const href = `https://t.me/${meta.bot}?start=c_${payload}`;
  return element("a", { href, rel: "noopener" }, UI.checkInBot);
}

function recordCard(meta, record, heading) {
  const labels = meta.text.labels;
  const status = meta.text.statuses[record.s] || record.s;
  const rows =
    record.t === "p"
      ? [
          [labels.cert_no, record.u],
          [labels.kind, labels.practitioner],
          [labels.agency, record.b],
          [labels.status, status],
          [labels.grade, record.g],
          [labels.district, record.d],
        ]
      : [
          [labels.uscc, record.u],
          [labels.kind, (meta.text.kinds[record.k] || "") + (record.h ? `（${labels.branch}）` : "")],
          [labels.head_office, record.h],
          [labels.former_names, (record.f || []).join("；")],
          [labels.status, status],
          [labels.grade, record.g],
          [labels.district, record.d],
          [labels.phones, (record.p || []).join("；")],
          [labels.websites, (record.w || []).join("；")],
          [labels.address, record.a],
        ];
  const list = element("dl", { class: "lt-record" });
  for (const [name, value] of rows) {
    if (!value) continue;
    list.append(element("dt", {}, name), element("dd", {}, value));
  }
  const concerns = element("ul", { class: "lt-concerns" });
  for (const [severity, text, date] of record.r || []) {
    const mark = severity === "d" ? "⛔" : "⚠️";
    concerns.append(element("li", {}, `${mark} ${text}（${date}）`));
  }
  return element(
    "article",
    { class: "lt-card" },
    heading,
    list,
    concerns.childElementCount ? concerns : null,
    botLink(meta, record.u),
  );
}

function render(meta, answer, output) {
  const labels = meta.text.labels;
  const parts = [];
  parts.push(
    element(
      "p",
      { class: "lt-verdict" },
      levelBadge(meta, answer.level),
      " ",
      element("strong", {}, answer.headline),
    ),
  );
  if (answer.reasons.length) {
    parts.push(element("ul", { class: "lt-reasons" }, ...answer.reasons.map((r) => element("li", {}, r))));
  }
  if (answer.match) {
    const how = UI.matched[answer.matchKind] || "";
    const heading = element("h3", {}, answer.match.n, element("small", {}, ` · ${how}`));
    parts.push(recordCard(meta, answer.match, heading));
    if ((answer.match.p || []).length || answer.match.a) {
      parts.push(element("p", { class: "lt-compare" }, labels.compare));
    }
  }
  if (answer.candidates.length) {
    parts.push(element("h3", {}, labels.candidates));
    const list = element("ol", { class: "lt-candidates" });
    for (const candidate of answer.candidates) {
      const record = candidate.record;
      // A candidate is never the verdict: its own level is shown as the record's, not the query's.
      const tag = candidate.matchKind === "same" ? UI.sameName : UI.candidate;
      const heading = element(
        "h4",
        {},
        element("span", { class: "lt-candidate-tag" }, tag),
        element("br"),
        record.n,
      );
      const own = element(
        "p",
        { class: "lt-own-level" },
        `${UI.recordLevel}：`,
        levelBadge(meta, record.l),
      );
      list.append(element("li", {}, recordCard(meta, record, heading), own));
    }
    parts.push(list);
  }
  parts.push(element("p", { class: "lt-as-of" }, UI.asOf(meta)));
  output.replaceChildren(...parts);
}

async function start(form) {
  const input = form.querySelector("input[type=search]");
  const output = document.getElementById(form.dataset.results);
  const base = new URL("directory/", import.meta.url);
  let directory = null;
  const open = async () => {
    if (directory) return directory;
    const response = await fetch(new URL("meta.json", base), { cache: "no-cache" });
    if (!response.ok) throw new Error(`meta.json: ${response.status}`);
    const meta = await response.json();
    const load = async (path) => {
      const file = await fetch(new URL(`${path}?v=${meta.v}`, base));
      if (!file.ok) throw new Error(`${path}: ${file.status}`);
      return file.json();
    };
    directory = new Directory(meta, load);
    return directory;
  };
  const run = async (query) => {
    if (!query.trim()) {
      output.replaceChildren(element("p", {}, UI.empty));
      return;
    }
    output.setAttribute("aria-busy", "true");
    output.replaceChildren(element("p", {}, UI.loading));
    try {
      const found = await open();
      render(found.meta, await found.search(query), output);
    } catch (error) {
      output.replaceChildren(element("p", { class: "lt-error" }, UI.failed));
      console.error(error);
    } finally {
      output.removeAttribute("aria-busy");
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = input.value;
    const url = new URL(location.href);
    url.searchParams.set(PARAM, query);
    history.replaceState(null, "", url);
    run(query);
  });
  const given = new URL(location.href).searchParams.get(PARAM);
  if (given) {
    input.value = given;
    run(given);
  }
}

if (typeof document !== "undefined") {
  for (const form of document.querySelectorAll("form[data-lantian-directory]")) start(form);
}
