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
const FUZZY_FETCH = 16; // most-voted records fetched at most for a similarity match
const RAREST_GRAMS = 6; // bot/lookup.py RAREST_GRAMS

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

  /** The verdict on one query, as bot/check.py builds it: level, headline key, the record or
   * the candidates, the reasons (message key, parameters, date, source). `viewOf` words it. */
  async search(rawQuery) {
    const query = rawQuery.trim();
    const answer = { query, level: "unknown", match: null, matchKind: null, candidates: [] };
    answer.reasons = [];
    if (Array.from(query).length > MAX_QUERY) {
      answer.headlineKey = "too_long";
      answer.reasons.push(this.reason("i", "query_too_long", { length: query.length }));
      return answer;
    }
    const norm = this.norm;
    const compact = norm.compactId(query);
    const host = norm.webHost(query);
    const posingAs = norm.impersonation(query, host);
    if (norm.looksLikeUscc(compact) && !norm.usccIsValid(compact)) {
      // bot/lookup.py _same_uscc_prefix: the agencies whose first 17 characters these are.
      const near = await this.records(await this.exact("x:" + compact.slice(0, 17)));
      const candidates = near.map((record) => ({ record, matchKind: "uscc_prefix", score: round(17 / 18) }));
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
    const candidates = await this.similar(nameKey);
    return this.uncertain(answer, { posingAs, candidates });
  }

  reason(severity, key, params = {}, date = null, source = null) {
    return { severity, key, params, date: date || this.meta.as_of, source: source || this.meta.source };
  }

  /** The numbers a key finds, in the bot's order (the shards keep it); one is a match. */
  async found(answer, numbers, kind, posingAs, nameKey = "") {
    const records = await this.records([...new Set(numbers)]);
    const kindOf = (record) => {
      if (kind !== "name") return kind;
      return this.norm.nameKey(record.n) === nameKey ? "exact_name" : "former_name";
    };
    if (records.length !== 1) {
      const candidates = records.map((record) => ({ record, matchKind: kindOf(record), score: 1 }));
      return this.uncertain(answer, { posingAs, candidates, ambiguous: records.length });
    }
    const record = records[0];
    answer.match = record;
    answer.matchKind = kindOf(record);
    answer.level = posingAs ? "danger" : record.l;
    const own = (record.r || []).map(([severity, key, params, date, source]) =>
      this.reason(severity, key, params || {}, date, source),
    );
    if (posingAs) own.unshift(this.reason("d", "impersonation", { term: posingAs }));
    // bot/check.py _certain: danger first, then caution, then the rest, each kept in order.
    const order = { d: 0, c: 1, i: 2 };
    answer.reasons = own
      .map((reason, index) => [reason, index])
      .sort((a, b) => order[a[0].severity] - order[b[0].severity] || a[1] - b[1])
      .map(([reason]) => reason);
    answer.headlineKey = posingAs ? "impersonation" : record.l;
    answer.headlineParams = { name: record.n };
    return answer;
  }

  /** bot/check.py _uncertain_reasons and _uncertain_headline. */
  uncertain(answer, { posingAs, candidates = [], invalid = false, ambiguous = 0 }) {
    answer.level = posingAs ? "danger" : "unknown";
    answer.candidates = candidates;
    const reasons = answer.reasons;
    const add = (severity, key, params, source) =>
      reasons.push(this.reason(severity, key, params, null, source));
    if (posingAs) add("d", "impersonation", { term: posingAs });
    const best = candidates[0];
    if (invalid) {
      add("c", "invalid_uscc", {}, this.meta.uscc_standard);
    } else if (ambiguous > 1) {
      add("i", "ambiguous", { count: ambiguous });
    } else if (best && best.lookalike) {
      add("c", "lookalike", { name: best.record.n });
    } else if (best && best.matchKind === "partial") {
      add("i", "partial_name", { query: answer.query });
    }
    if (!ambiguous) add("i", "not_registered", {});
    let key = "not_registered";
    if (posingAs) key = "impersonation";
    else if (invalid) key = "invalid_uscc";
    else if (ambiguous > 1) key = "ambiguous";
    else if (best && best.matchKind === "partial") key = "partial";
    else if (best && best.lookalike) key = "lookalike";
    answer.headlineKey = key;
    answer.headlineParams = { query: answer.query };
    return answer;
  }

  /** bot/lookup.py _similar_names: names containing the query, then names sharing its rarest
   * grams (a typo, a clone's name), ranked by the bot's score. */
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
    } else {
      // Every gram is in too many names to list: the shards keep the bot's own candidates
      // for a query made only of such grams ("示例", "知识产权").
      for (const n of await this.commonAnswer(key)) pool.set(n, 0);
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
      .sort(byScore)
      .slice(0, CANDIDATES);
  }

  /** The bot's candidates for a query made of very common grams, kept by the shards. */
  async commonAnswer(nameKey) {
    const key = "!" + nameKey;
    const shard = (fnv1a(key) & (this.meta.grams - 1)).toString(16);
    const entries = await this.file(`g/${shard}.json`);
    return entries[key] || [];
  }

  /** bot/lookup.py _rare_gram_pool: records sharing the query's RAREST_GRAMS least common
   * grams (characters, bigrams, skip-bigrams), most shared first. */
  async voted(key, skip) {
    const tokens = [
      ...new Set([...grams(key, 2), ...Array.from(key), ...skipGrams(key).map((g) => "~" + g)]),
    ];
    const lists = await Promise.all(tokens.map((g) => this.postings(g)));
    const rarest = tokens
      .map((gram, index) => ({ gram, list: lists[index] }))
      .filter(({ list }) => list && list.length)
      .sort((a, b) => a.list.length - b.list.length || (a.gram < b.gram ? -1 : 1))
      .slice(0, RAREST_GRAMS);
    // The bot ranks every record voted for; the page fetches only the few most voted, and
    // those sharing the rarer grams first: 华 in four names outweighs 知识产权 in 17, which
    // only a name that shares the trade name too could rank by.
    const votes = new Map();
    const length = Array.from(key).length;
    for (const { list } of rarest) {
      for (const [n, size] of list) {
        if (skip.has(n)) continue;
        const vote = votes.get(n) || { n, count: 0, weight: 0, size };
        vote.count += 1;
        vote.weight += 1 / list.length ** 2;
        votes.set(n, vote);
      }
    }
    return [...votes.values()]
      .sort(
        (a, b) =>
          b.weight - a.weight ||
          b.count - a.count ||
          Math.abs(a.size - length) - Math.abs(b.size - length) ||
          a.n - b.n,
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
    return out.sort(byScore);
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

/** Best first, then by identifier: bot/lookup.py sorts by (-score, id). */
function byScore(a, b) {
  return b.score - a.score || (a.record.u < b.record.u ? -1 : a.record.u > b.record.u ? 1 : 0);
}

// ---------------------------------------------------------------------------------------
// The view: bot/verdict_view.py verdict_view, in Chinese, from an answer. The page lays it out.

const SEVERITY = { d: "danger", c: "caution", i: "info" };

/** The record's rows, as bot/verdict_view.py subject_rows: [key, value] with empty ones left out. */
function recordRows(text, record) {
  const words = text.view;
  const status = text.statuses[record.s] || record.s;
  const fields =
    record.t === "p"
      ? [
          ["name", record.n],
          ["cert_no", record.u],
          ["kind", text.labels.practitioner],
          ["agency", record.b],
          ["status", status],
          ["grade", record.g],
          ["district", record.d],
        ]
      : [
          ["name", record.n],
          ["uscc", record.u],
          ["kind", record.h ? fill(words.branch_kind, { kind: text.kinds[record.k] || "" }) : text.kinds[record.k]],
          ["former_names", (record.f || []).join(words.list_sep)],
          ["head_office", record.h],
          ["status", status],
          ["grade", record.g],
          ["district", record.d],
          ["phones", (record.p || []).join(words.list_sep)],
          ["websites", (record.w || []).join(words.list_sep)],
          ["address", record.a],
        ];
  return fields.filter(([, value]) => value).map(([key, value]) => ({ key, label: text.labels[key], value }));
}

function levelWord(text, level) {
  const [symbol, word] = text.levels[level];
  return `${symbol} ${word}`;
}

/** The same structure as bot/verdict_view.py VerdictView (Chinese): what the page shows. */
export function viewOf(meta, answer) {
  const text = meta.text;
  const record = answer.match;
  const why = (candidate) => {
    const kind = candidate.lookalike ? "lookalike" : candidate.matchKind;
    return fill(text.why[kind] || text.why.fuzzy, { query: answer.query });
  };
  return {
    query: answer.query,
    level: answer.level,
    level_word: levelWord(text, answer.level),
    headline: fill(text.headlines[answer.headlineKey], answer.headlineParams || {}),
    match_kind: answer.matchKind,
    rows: record ? recordRows(text, record) : [],
    compare: record && ((record.p || []).length || record.a) ? text.labels.compare : "",
    reasons: answer.reasons.map((r) => ({
      severity: SEVERITY[r.severity],
      text: fill(text.reasons[r.key], r.params),
      source: r.source,
      date: r.date,
    })),
    candidates: answer.candidates.map((c) => ({
      kind: c.record.t === "p" ? "practitioner" : "agency",
      id: c.record.u,
      name: c.record.n,
      district: c.record.d || "",
      phones: (c.record.p || []).slice(0, 2),
      address: c.record.a || "",
      status: text.statuses[c.record.s] || c.record.s,
      level: c.record.l,
      level_word: fill(text.view.own_level, { level: levelWord(text, c.record.l) }),
      why: why(c),
    })),
    footer: {
      as_of: meta.as_of,
      source: meta.source,
      fictional: meta.fictional,
      text: fill(text.view.as_of_line, { as_of: meta.as_of, source: meta.source }),
      fictional_text: meta.fictional ? text.labels.fictional : "",
    },
  };
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

// Words of the page itself (not of a verdict, which come from bot/words/verdict.py via meta.json).
const UI = {
  loading: "正在查询……",
  failed: "查询失败：无法读取目录数据。请稍后再试，或使用机器人核查。",
  empty: "请输入机构名称、统一社会信用代码、机构代码、电话或网址。",
  checkInBot: "在机器人中查看详情",
  computedOn: (meta) => `结论按 ${meta.today} 计算`,
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

function levelBadge(level, word) {
  return element("span", { class: `lt-level lt-level--${level}` }, word);
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

const MARK = { danger: "⛔", caution: "⚠️", info: "·" };

/** The view laid out: verdict, the record's rows, reasons with sources, candidates, footer. */
function render(meta, view, output) {
  const labels = meta.text.labels;
  const parts = [
    element("p", { class: "lt-verdict" }, levelBadge(view.level, view.level_word), " ",
      element("strong", {}, view.headline)),
  ];
  if (view.rows.length) {
    const list = element("dl", { class: "lt-record" });
    for (const row of view.rows) list.append(element("dt", {}, row.label), element("dd", {}, row.value));
    const id = view.rows.find((row) => row.key === "uscc" || row.key === "cert_no");
    parts.push(element("article", { class: "lt-card" }, list, id ? botLink(meta, id.value) : null));
    if (view.compare) parts.push(element("p", { class: "lt-compare" }, view.compare));
  }
  if (view.reasons.length) {
    const list = element("ul", { class: "lt-reasons" });
    for (const reason of view.reasons) {
      list.append(
        element("li", { class: `lt-reason--${reason.severity}` }, `${MARK[reason.severity]} ${reason.text}`,
          element("br"), element("small", {}, `${labels.source}：${reason.source} · ${reason.date}`)),
      );
    }
    parts.push(element("h3", {}, labels.reasons), list);
  }
  if (view.candidates.length) {
    parts.push(element("h3", {}, labels.candidates));
    const list = element("ol", { class: "lt-candidates" });
    for (const c of view.candidates) {
      // A candidate is never the verdict: its own level is the record's, not the query's.
      const contact = [c.id, ...c.phones, c.address].filter(Boolean).join(" · ");
      const where = [c.status, c.district].filter(Boolean).join(" · ");
      list.append(
        element("li", { class: "lt-card" },
          element("h4", {}, c.name, element("small", {}, `（${where}）`)),
          element("p", { class: "lt-candidate-tag" }, c.why),
          element("p", {}, contact),
          element("p", { class: "lt-own-level" }, levelBadge(c.level, c.level_word)),
          botLink(meta, c.id)),
      );
    }
    parts.push(list);
  }
  const footer = `${view.footer.text} · ${UI.computedOn(meta)}`;
  parts.push(element("p", { class: "lt-as-of" }, footer, view.footer.fictional_text ? ` · ${view.footer.fictional_text}` : ""));
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
      render(found.meta, viewOf(found.meta, await found.search(query)), output);
    } catch (error) {
      output.replaceChildren(element("p", { class: "lt-error" }, UI.failed));
      console.error(error);
    } finally {
      output.removeAttribute("aria-busy");
    }
  };
  const ask = (query) => {
    const url = new URL(location.href);
    url.searchParams.set(PARAM, query);
    history.replaceState(null, "", url);
    run(query);
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ask(input.value);
  });
  // Examples from the registry itself (meta.json), so each one finds a record.
  const slot = form.querySelector("[data-lantian-examples]");
  if (slot) {
    open()
      .then((found) => {
        for (const example of found.meta.examples || []) {
          const button = element("button", { type: "button", class: "lt-example" }, example);
          button.addEventListener("click", () => {
            input.value = example;
            ask(example);
          });
          slot.append(" ", button);
        }
        if ((found.meta.examples || []).length) slot.hidden = false;
      })
      .catch((error) => console.error(error));
  }
  const given = new URL(location.href).searchParams.get(PARAM);
  if (given) {
    input.value = given;
    run(given);
  }
}

if (typeof document !== "undefined") {
  for (const form of document.querySelectorAll("form[data-lantian-directory]")) start(form);
}
