// 机构目录查询 — the directory search of the Lantian site, run in the browser.
//
// It answers as `lantian check` does (docs/verdict-rules.md), from the static files that
// bot/site/shards.py writes under assets/directory/: meta.json (patterns, sentences, counts),
// k/ (exact keys), g/ (name grams) and r/ (records, with the level the bot computed at build
// time). Only the few files a query needs are fetched. Plain ES module, nothing from outside.
//
// A query is read as pasted text, as bot/query_reading.py reads it (web and e-mail addresses,
// codes, phone numbers, the name without labels, quotes and the question around it), and each
// piece is looked up as bot/check_reading.py does. Python counts and slices strings by code
// point, JavaScript by UTF-16 unit: lengths and slices of text here go through Array.from.

const MAX_QUERY = 200; // bot/lookup.py MAX_QUERY
const CANDIDATES = 5; // bot/lookup.py CANDIDATES
const SUBSTRING_POOL = 200; // bot/lookup.py SUBSTRING_POOL
const VERIFY_LIMIT = 15; // candidates fetched at most to confirm a substring match
const FUZZY_FETCH = 16; // most-voted records fetched at most for a similarity match
const RAREST_GRAMS = 6; // bot/lookup.py RAREST_GRAMS
const NEAR_SITES = 4; // bot/lookup.py lookalike_hosts: CANDIDATES * 4 sites one letter off
const LEVEL_ORDER = { ok: 0, unknown: 1, caution: 2, danger: 3 }; // bot/verdict.py
const SEVERITY_ORDER = { d: 0, c: 1, i: 2 };

/** Danger first, then caution, then the rest, each kept in order (bot/answers.py by_severity). */
function bySeverity(reasons) {
  return reasons
    .map((reason, index) => [reason, index])
    .sort((a, b) => SEVERITY_ORDER[a[0].severity] - SEVERITY_ORDER[b[0].severity] || a[1] - b[1])
    .map(([reason]) => reason);
}

// ---------------------------------------------------------------------------------------
// Pure functions: the same as bot/normalize.py and bot/site/shards.py (tested under node).

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 of the UTF-8 bytes, as bot/site/shards.py key_hash (zlib.crc32). */
export function keyHash(text) {
  let c = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The file of a key among `count` (a power of two): the top bits of its hash, as
 * bot/site/shards.py shard_of. */
export function shardOf(key, count) {
  return (count > 1 ? keyHash(key) >>> (32 - Math.log2(count)) : 0).toString(16);
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

/** len() of Python: code points. */
function size(text) {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** normalize._inner_brackets: only the brackets that enclose part of `text`, as （普通合伙）
 * does: not one left open or closed alone, an empty pair, or a pair around all of it. */
function innerBrackets(text) {
  let chars = Array.from(text);
  for (;;) {
    const opened = [];
    const dropped = new Set();
    chars.forEach((char, at) => {
      if (char === "(") opened.push(at);
      else if (char === ")" && !opened.length) dropped.add(at);
      else if (char === ")") {
        const start = opened.pop();
        if (start + 1 === at || (start === 0 && at === chars.length - 1)) {
          dropped.add(start);
          dropped.add(at);
        }
      }
    });
    for (const at of opened) dropped.add(at);
    if (!dropped.size) return chars.join("");
    chars = chars.filter((_, at) => !dropped.has(at));
  }
}

/** Python's order of strings: by code point (JavaScript's < compares UTF-16 units). */
function byPoints(a, b) {
  const s = Array.from(a);
  const t = Array.from(b);
  for (let i = 0; i < Math.min(s.length, t.length); i++) {
    const diff = s[i].codePointAt(0) - t[i].codePointAt(0);
    if (diff) return diff;
  }
  return s.length - t.length;
}

/** Python's str.split(): the words between runs of white space. */
function words(text) {
  return text.split(/\s+/).filter(Boolean);
}

/** A pattern sent by meta.json as [source, flags]. */
function pattern([source, flags], more = "") {
  return new RegExp(source, flags + more);
}

/** `text` cut before the first match of `re`: libphonenumber's _trim_after_first_match. */
function trimAfter(re, text) {
  const found = re.exec(text);
  return found ? text.slice(0, found.index) : text;
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
    this.formAtEnd = new RegExp(re.form_at_end);
    this.branchOf = new RegExp(re.branch_of);
    this.bracketedFormAtEnd = new RegExp(re.bracketed_form_at_end);
    this.companyEnd = new RegExp(re.company_end);
    this.sameForm = re.same_form;
    const [shown, latin] = meta.latin_lookalikes.map((letters) => Array.from(letters));
    this.latinLookalikes = new Map(shown.map((letter, n) => [letter, latin[n]]));
    this.stateOrganTerms = new RegExp(re.state_organ_terms.split("%").join(re.gap));
    this.stateOrganHosts = new RegExp(re.state_organ_hosts);
    // bot/safe_text.py clean_text: invisible and control characters out, lone surrogates as U+FFFD.
    this.unshowable = new RegExp(re.unshowable, "gu");
    this.alphabet = meta.uscc_alphabet;
    this.usccShape = new RegExp(`^[${meta.uscc_alphabet}]{18}$`);
    this.t2s = new Map();
    const pairs = Array.from(meta.t2s || "");
    for (let i = 0; i + 1 < pairs.length; i += 2) this.t2s.set(pairs[i], pairs[i + 1]);
  }

  /** safe_text.clean_text: what cannot be shown taken out. */
  cleanText(text) {
    return text.replace(/[\ud800-\udfff]/gu, "\ufffd").replace(this.unshowable, "");
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

  /** normalize.legal_form: the legal form a name ends with, one spelling per form. */
  legalForm(name) {
    const found = this.formAtEnd.exec(
      this.bracketedWords(name).replace(this.bracketedFormAtEnd, "$1"),
    );
    return found ? this.sameForm[found[1]] || found[1] : null;
  }

  /** normalize.head_office_named: the head office a branch's name names, else null. */
  headOfficeNamed(name) {
    const found = this.branchOf.exec(this.bracketedWords(name));
    return found ? found[1] : null;
  }

  /** normalize._bracketed_words: folded, without punctuation but the enclosing brackets. */
  bracketedWords(name) {
    const text = this.fold(name).replace(this.notWord, (run) => run.replace(/[^()]/g, ""));
    return innerBrackets(text);
  }

  /** normalize.names_a_company: a name that ends as a firm's does (…公司, …事务所). */
  namesACompany(name) {
    return this.companyEnd.test(this.fold(name).replace(this.notWord, ""));
  }

  /** normalize.says_shanghai: a name that begins with Shanghai's (上海, 上海市, 中国上海). */
  saysShanghai(name) {
    return this.leadingRegion.test(this.fold(name));
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

  /** GB 32100-2015 as python-stdnum checks it: eight digits first, then a mod-31 check
   * character over the first 17. */
  usccIsValid(compact) {
    if (!this.looksLikeUscc(compact) || !/^\d{8}/.test(compact)) return false;
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
    folded = folded.replace(/(?<=[a-z0-9-])[。｡](?=[a-z0-9])/gi, "."); // normalize.WIDE_DOT
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
    const label = /^[\p{L}\p{N}](?:[\p{L}\p{N}\-‐‑‒–—−]*[\p{L}\p{N}])?$/u;
    if (labels.length < 2 || !labels.every((part) => label.test(part))) return null;
    if (/^\d+$/.test(labels[labels.length - 1])) return null;
    return host;
  }

  /** normalize.skeleton: the letters of other scripts drawn as Latin ones made Latin. */
  skeleton(text) {
    return Array.from(text, (char) => this.latinLookalikes.get(char) || char).join("");
  }

  parentHosts(host) {
    const labels = host.split(".");
    const out = [];
    for (let i = 0; i < labels.length - 1; i++) out.push(labels.slice(i).join("."));
    return out;
  }

  /** normalize.site_label, given the public suffixes of more than one label under the host's
   * top-level domain (`rules`, from the `t:` key): huayue-ip for www.huayue-ip.com.cn and for
   * huayue-ip.com. Unknown suffixes count as one label; a wildcard's parent (kawasaki.jp for
   * *.kawasaki.jp) is a public suffix too, as the public suffix list reads it. */
  siteLabel(host, rules) {
    const labels = host.split(".");
    const top = labels[labels.length - 1];
    const root = { matches: new Map(), end: false };
    for (const rule of rules) {
      let node = root;
      for (const label of [top, ...rule.split(".").reverse()]) {
        if (!node.matches.has(label)) node.matches.set(label, { matches: new Map(), end: false });
        node = node.matches.get(label);
      }
      node.end = true;
    }
    // The longest rule the host ends with, its wildcards and their exceptions (publicsuffixlist
    // PublicSuffixList._countpublic), read down a tree of the rules' labels.
    let node = root;
    let suffixAt = labels.length;
    let at = labels.length;
    for (const label of [...labels].reverse()) {
      if (node.matches.has(label)) {
        at -= 1;
        node = node.matches.get(label);
        if (node.end || node.matches.has("*")) suffixAt = at;
        continue;
      }
      if (node.matches.has("*")) {
        suffixAt = node.matches.has("!" + label) ? at : at - 1;
      }
      break;
    }
    if (suffixAt === labels.length) return labels.length >= 2 ? labels[labels.length - 2] : "";
    return suffixAt > 0 ? labels[suffixAt - 1] : "";
  }

  /** verdict.impersonation: the words by which a query poses as a state organ, if any. */
  impersonation(query, host) {
    if (host !== null) {
      if (host.endsWith(".gov.cn")) return null;
      const found = this.stateOrganHosts.exec(host);
      if (found) return found[0].replace(/^[.-]+|[.-]+$/g, "");
    }
    const found = this.stateOrganTerms.exec(this.fold(query));
    return found ? found[0].replace(this.notWord, "") : null;
  }
}

/** normalize.one_deletions: `label` with each character left out once. */
function oneDeletions(label) {
  const chars = Array.from(label);
  const out = new Set(chars.map((_, i) => [...chars.slice(0, i), ...chars.slice(i + 1)].join("")));
  return [...out].sort(byPoints);
}

// ---------------------------------------------------------------------------------------
// Phone numbers in text: libphonenumber's PhoneNumberMatcher (leniency POSSIBLE, region CN),
// which bot/query_reading.py runs, ported. The patterns below are the library's own; what it
// knows of Chinese numbers (their pattern and prefixes) and each country calling code's
// possible lengths come from meta.json ("phone"), written at build time by the Python library.
// Not ported: another country's trunk prefix after its code (+44 020 …), which the library
// strips by that country's own patterns. tests/test_site_build.py compares the two readings.

const PUNCT = "-x\u2010-\u2015\u2212\u30fc\uff0d-\uff0f \u00a0\u00ad\u200b\u2060\u3000()\uff08\uff09\uff3b\uff3d.\\[\\]/~\u2053\u223c\uff5e";
const EXT =
  ";ext=(\\d{1,20})|[ \u00a0\\t,]*(?:e?xt(?:ensi(?:o\u0301?|\u00f3))?n?|\uff45?\uff58\uff54\uff4e?|\u0434\u043e\u0431|anexo)" +
  "[:\\.\uff0e]?[ \u00a0\\t,-]*(\\d{1,20})#?|[ \u00a0\\t,]*(?:[x\uff58#\uff03~\uff5e]|int|\uff49\uff4e\uff54)[:\\.\uff0e]?" +
  "[ \u00a0\\t,-]*(\\d{1,9})#?|[- ]+(\\d{1,6})#";
const EXT_PARSING =
  EXT + "|[ \u00a0\\t]*(?:,{2}|;)[:\\.\uff0e]?[ \u00a0\\t,-]*(\\d{1,15})#?|[ \u00a0\\t]*(?:,)+[:\\.\uff0e]?[ \u00a0\\t,-]*(\\d{1,9})#?";
const PHONE = {
  candidate: new RegExp(
    `(?:[(\\[\uff08\uff3b+\uff0b][${PUNCT}]{0,4}){0,2}\\d{1,20}(?:[${PUNCT}]{0,4}\\d{1,20}){0,20}(?:${EXT})?`,
    "gi",
  ),
  viable: new RegExp(
    `^(?:\\d{2}|[+\uff0b]*(?:[${PUNCT}*]*\\d){3,}[${PUNCT}*A-Za-z\\d]*(?:${EXT_PARSING})?)$`,
    "i",
  ),
  extension: new RegExp(`(?:${EXT_PARSING})$`, "i"),
  secondNumber: /[\\/] *x/,
  unwantedEnd: /(?:_|[^#\p{L}\p{N}])+$/u,
  brackets: /^(?:[(\[\uff08\uff3b])?(?:[^(\[\uff08\uff3b)\]\uff09\uff3d]+[)\]\uff09\uff3d])?[^(\[\uff08\uff3b)\]\uff09\uff3d]+(?:[(\[\uff08\uff3b][^(\[\uff08\uff3b)\]\uff09\uff3d]+[)\]\uff09\uff3d]){0,3}[^(\[\uff08\uff3b)\]\uff09\uff3d]*$/,
  pubPages: /\d{1,5}-+\d{1,5}\s{0,4}\(\d{1,4}/,
  slashDates: /(?:(?:[0-3]?\d\/[01]?\d)|(?:[01]?\d\/[0-3]?\d))\/(?:[12]\d)?\d{2}/,
  timeStamp: /[12]\d{3}[-/]?[01]\d[-/]?[0-3]\d +[0-2]\d$/,
  timeStampSuffix: /^:[0-5]\d/,
  // Where a candidate may hold a number after another: a slash, a bracket, a spaced hyphen, a
  // wide hyphen, a full stop, a space (PhoneNumberMatcher _INNER_MATCHES, in its order).
  inner: [/\/+(.*)/g, /(\([^(]*)/g, /(?:\s-|-\s)\s*(.+)/g, /[\u2012-\u2015\uff0d]\s*(.+)/g, /\.+\s*([^.]+)/g, /\s+(\S+)/g],
};

/** The numbers libphonenumber finds in `text`: [{start, end, raw, code, national}]. `china`
 * is what it knows of Chinese numbers (Reader builds it from meta.json). */
function findPhones(text, china) {
  const found = [];
  const state = { tries: 65535, text, china };
  let index = 0;
  for (;;) {
    let match = null;
    PHONE.candidate.lastIndex = index;
    let next = PHONE.candidate.exec(text);
    while (state.tries > 0 && next !== null) {
      const start = next.index;
      const candidate = trimAfter(PHONE.secondNumber, next[0]);
      if (candidate.length >= 1) {
        match = extractPhone(state, candidate, start);
        if (match) break;
        state.tries -= 1;
      }
      index = start + candidate.length;
      PHONE.candidate.lastIndex = index;
      next = PHONE.candidate.exec(text);
    }
    if (!match) return found;
    found.push(match);
    index = match.end;
  }
}

function extractPhone(state, candidate, offset) {
  if (PHONE.slashDates.test(candidate)) return null;
  if (PHONE.timeStamp.test(candidate)) {
    if (PHONE.timeStampSuffix.test(state.text.slice(offset + candidate.length))) return null;
  }
  return verifyPhone(state, candidate, offset) || innerPhone(state, candidate, offset);
}

function innerPhone(state, candidate, offset) {
  for (const inner of PHONE.inner) {
    inner.lastIndex = 0;
    let group = inner.exec(candidate);
    let first = true;
    while (group && state.tries > 0) {
      if (first) {
        const before = trimAfter(PHONE.unwantedEnd, candidate.slice(0, group.index));
        const match = verifyPhone(state, before, offset);
        if (match) return match;
        state.tries -= 1;
        first = false;
      }
      const at = group.index + group[0].length - group[1].length; // where group 1 starts
      const match = verifyPhone(state, trimAfter(PHONE.unwantedEnd, group[1]), offset + at);
      if (match) return match;
      state.tries -= 1;
      inner.lastIndex = group.index + 1;
      group = inner.exec(candidate);
    }
  }
  return null;
}

function verifyPhone(state, candidate, offset) {
  if (!PHONE.brackets.test(candidate) || PHONE.pubPages.test(candidate)) return null;
  const number = parsePhone(candidate, state.china);
  if (!number) return null;
  return { start: offset, end: offset + candidate.length, raw: candidate, ...number };
}

/** phonenumbers.parse(candidate, "CN") and is_possible_number: the country code and the
 * national number (as the library's int prints it), or null. */
function parsePhone(candidate, china) {
  const regions = china.regions;
  const start = candidate.search(/[+\uff0b\d]/);
  if (start < 0) return null;
  let number = trimAfter(PHONE.secondNumber, trimAfter(PHONE.unwantedEnd, candidate.slice(start)));
  if (size(number) < 2 || !PHONE.viable.test(number)) return null;
  const extension = PHONE.extension.exec(number);
  if (extension && extension.index > 0) {
    const before = number.slice(0, extension.index);
    if (size(before) >= 2 && PHONE.viable.test(before)) number = before;
  }
  let [code, national] = countryCode(number, china);
  if (code === null) return null;
  if (code === 0) {
    code = 86;
    national = phoneDigits(number);
  }
  if (national.length < 2) return null;
  const region = regions.get(code);
  if (code === 86) {
    const stripped = stripNationalPrefix(national, china);
    if (!["short", "local", "invalid"].includes(lengthCheck(stripped, region))) national = stripped;
  }
  if (national.length < 2 || national.length > 17) return null;
  if (!region || !["possible", "local"].includes(lengthCheck(national, region))) return null;
  return { code, national: national.replace(/^0+(?=.)/, "") };
}

/** _maybe_extract_country_code: [code, national]; [0, ""] for a number without one, [null]
 * when a code is written but names no country. */
function countryCode(number, china) {
  const plus = /^[+\uff0b]+/.exec(number);
  let digits = phoneDigits(plus ? number.slice(plus[0].length) : number);
  let written = Boolean(plus);
  if (!written) {
    const idd = china.idd.exec(digits);
    if (idd && !/^\D*0/.test(digits.slice(idd[0].length))) {
      digits = digits.slice(idd[0].length);
      written = true;
    }
  }
  if (written) {
    if (digits.length <= 2) return [null];
    const regions = china.regions;
    for (let i = 1; i <= Math.min(digits.length, 3) && digits[0] !== "0"; i++) {
      if (regions.has(Number(digits.slice(0, i)))) return [Number(digits.slice(0, i)), digits.slice(i)];
    }
    if (!plus) return [null];
    // A plus before no country's code: read once more without it (parse does so).
    const [code, national] = countryCode(number.slice(plus[0].length), china);
    return code ? [code, national] : [null];
  }
  if (digits.startsWith("86")) {
    const national = stripNationalPrefix(digits.slice(2), china);
    const pattern = china.national;
    const tooLong = lengthCheck(digits, china.regions.get(86)) === "long";
    if ((!pattern.test(digits) && pattern.test(national)) || tooLong) {
      return [86, national];
    }
  }
  return [0, ""];
}

function stripNationalPrefix(number, china) {
  const prefix = china.prefix.exec(number);
  if (!prefix || !number) return number;
  const pattern = china.national;
  const rest = number.slice(prefix[0].length);
  return pattern.test(number) && !pattern.test(rest) ? number : rest;
}

/** _normalize: the digits of a number; letters as on a keypad when it holds three or more. */
function phoneDigits(number) {
  if (!/^(?:.*?[A-Za-z]){3}.*$/.test(number)) return number.replace(/\D/g, "");
  const keypad = "22233344455566677778889999";
  return Array.from(number, (c) => {
    if (/\d/.test(c)) return c;
    const letter = c.toUpperCase().charCodeAt(0) - 65;
    return /^[A-Za-z]$/.test(c) ? keypad[letter] : "";
  }).join("");
}

/** meta.json's "lengths/local:code code;…" as code → {lengths, local}. */
function phoneRegions(text) {
  const span = (text) =>
    text
      ? text.split(",").flatMap((run) => {
          const [low, high = low] = run.split("-").map(Number);
          return Array.from({ length: high - low + 1 }, (_, i) => low + i);
        })
      : [];
  const regions = new Map();
  for (const group of text.split(";")) {
    const [lengths, codes] = group.split(":");
    const [all, local = ""] = lengths.split("/");
    const region = { lengths: span(all), local: span(local) };
    for (const code of codes.split(" ")) regions.set(Number(code), region);
  }
  return regions;
}

/** _test_number_length against a country's possible lengths. */
function lengthCheck(number, region) {
  const length = number.length;
  if (region.local.includes(length)) return "local";
  const lengths = region.lengths;
  if (lengths[0] === length) return "possible";
  if (lengths[0] > length) return "short";
  if (lengths[lengths.length - 1] < length) return "long";
  return lengths.slice(1).includes(length) ? "possible" : "invalid";
}

// ---------------------------------------------------------------------------------------
// Reading a query as pasted text: bot/query_reading.py read, with its patterns from meta.json.

/** What a query holds: {pieces: [{kind, text, keys, misread}], names, spans, invalid, name}. */
export class Reader {
  constructor(meta, norm) {
    const read = meta.read;
    this.norm = norm;
    const phone = meta.phone;
    this.china = {
      idd: new RegExp(`^(?:${phone.idd})`),
      prefix: new RegExp(`^(?:${phone.prefix})`),
      national: new RegExp(`^(?:${phone.national})$`),
      regions: phoneRegions(phone.lengths),
    };
    this.host = pattern(read.host, "g");
    this.wideDot = pattern(read.wide_dot, "g");
    this.token = pattern(read.token, "g");
    this.extension = pattern(read.extension, "g");
    this.date = new RegExp(`^(?:${read.date[0]})$`, read.date[1]);
    this.symbols = new RegExp(`[${read.symbols.map((c) => `\\p{${c}}`).join("")}]`, "gu");
    this.chunkBreak = pattern(read.chunk_break);
    this.label = pattern(read.label, "g");
    this.lead = pattern(read.lead);
    this.trail = pattern(read.trail);
    this.edgeMarks = pattern(read.edge_marks);
    this.nameEnd = pattern(read.name_end, "g");
    this.person = pattern(read.person);
    this.personalName = pattern(read.personal_name);
    this.labelWords = new Set(read.label_words);
    this.skippedLabels = new Set(read.skipped_labels);
    const closers = Array.from(read.closers);
    this.pairs = new Map(Array.from(read.openers).map((opener, i) => [opener, closers[i]]));
    this.closers = new Set(closers);
    this.misread = new Map();
    const misread = Array.from(read.misread);
    for (let i = 0; i + 1 < misread.length; i += 2) this.misread.set(misread[i], misread[i + 1]);
    this.cut = read.break;
    this.minName = read.min_name;
    this.maxSpan = read.max_span;
    this.maxEnds = read.max_ends;
  }

  read(query) {
    let text = this.symbolsAsBreaks(query.normalize("NFKC")).replace(this.wideDot, ".");
    const pieces = [];
    const invalid = [];
    text = this.take(text, this.host, (found) => this.hostPiece(found, pieces));
    text = this.take(text, this.token, (found) => this.usccPiece(found, pieces, invalid));
    text = this.takePhones(text, pieces);
    text = this.take(text, this.token, (found) => this.codePiece(found, pieces));
    const norm = this.norm;
    const chunks = this.chunks(text)
      .map((chunk) => this.bare(this.withoutPeople(chunk)))
      .filter((c) => size(norm.nameKey(c)) >= this.minName && !this.labelWords.has(c.toLowerCase()));
    const names = [...new Set(chunks)];
    let name = "";
    for (const each of names) if (size(norm.nameKey(each)) > size(norm.nameKey(name))) name = each;
    return { pieces, names, spans: this.spans(chunks), invalid, name };
  }

  /** Emoji and other symbols (☎ 📞 ✅ ★ ①) separate what is around them; no name holds one.
   * ASCII text is left as it is, as Python leaves it (^ and ` are symbols too). */
  symbolsAsBreaks(text) {
    return /^[\0-\x7f]*$/.test(text) ? text : text.replace(this.symbols, this.cut);
  }

  /** `text` with every match of `re` that `keep` accepts cut out (a break left behind). */
  take(text, re, keep) {
    return text.replace(re, (found) => (keep(found) ? this.cut : found));
  }

  hostPiece(found, pieces) {
    const host = this.norm.webHost(found);
    if (host === null) return false;
    pieces.push({ kind: "host", text: found, keys: this.norm.parentHosts(host), misread: false });
    return true;
  }

  /** An 18-character code: a USCC, one misread (O for 0), or one with a wrong check character. */
  usccPiece(found, pieces, invalid) {
    const norm = this.norm;
    const compact = found.replace(/[.-]/g, "").toUpperCase();
    if (size(compact) !== 18) return false;
    if (norm.usccIsValid(compact)) {
      pieces.push({ kind: "id", text: found, keys: [compact], misread: false });
      return true;
    }
    const repaired = Array.from(compact, (c) => this.misread.get(c) || c).join("");
    if (repaired !== compact && norm.usccIsValid(repaired)) {
      pieces.push({ kind: "id", text: found, keys: [repaired], misread: true });
      return true;
    }
    if (Array.from(repaired).every((c) => norm.alphabet.includes(c))) {
      invalid.push(compact);
      return true;
    }
    return false;
  }

  codePiece(found, pieces) {
    const compact = found.replace(/[.-]/g, "").toUpperCase();
    if (size(compact) < 5) return false;
    pieces.push({ kind: "code", text: found, keys: [compact, found.toUpperCase()], misread: false });
    return true;
  }

  takePhones(text, pieces) {
    const spaced = text.replace(this.extension, " ext. ");
    let out = "";
    let last = 0;
    for (const match of findPhones(spaced, this.china)) {
      // bot/query_reading.py: only Chinese numbers are keys, and 2026-05-20 is a day.
      if (match.code !== 86 || this.date.test(match.raw.trim())) continue;
      const written = "+86" + match.national;
      const raw = match.raw.split("ext")[0];
      const asWritten = this.norm.phoneKeys(written);
      const keys = asWritten.length ? asWritten : this.norm.phoneKeys(raw);
      if (!keys.length) continue;
      const digits = raw.replace(/\D/g, "");
      // Also under its digits as written: a certificate number can look like a phone.
      pieces.push({
        kind: "phone",
        text: match.raw.trim(),
        keys: keys.includes(digits) ? keys : [...keys, digits],
        misread: false,
      });
      out += spaced.slice(last, match.start) + this.cut;
      last = match.end;
    }
    return out + spaced.slice(last);
  }

  /** The stretches between breaks and labels; a label's own word is dropped, and the value
   * of a label the check does not read (an address, a contact person) with it. */
  chunks(text) {
    const parts = [];
    let skipping = false;
    let last = 0;
    const after = (stretch) => {
      const pieces = stretch.split(this.chunkBreak);
      parts.push(...(skipping ? pieces.slice(1) : pieces));
    };
    for (const label of text.matchAll(this.label)) {
      after(text.slice(last, label.index));
      const word = label[0].replace(/[ :：]+$/, "").trim().toLowerCase();
      skipping = this.skippedLabels.has(word);
      last = label.index + label[0].length;
    }
    after(text.slice(last));
    return parts.filter((part) => part.trim());
  }

  personLike(word) {
    return this.person.test(word) || this.personalName.test(word);
  }

  /** A chunk without the words that are a person by their title ("张经理"). */
  withoutPeople(chunk) {
    const all = words(chunk);
    const kept = all.filter((word) => !this.person.test(word));
    return kept.length < all.length ? kept.join(" ") : chunk;
  }

  /** A chunk without the words around a question, and without wrapping quotes or brackets. */
  bare(chunk) {
    let previous = null;
    while (previous !== chunk) {
      previous = chunk;
      chunk = chunk.trim().replace(this.trail, "");
      chunk = this.unwrap(chunk);
      chunk = chunk.replace(this.lead, "");
    }
    return chunk;
  }

  unwrap(chunk) {
    let chars = Array.from(chunk);
    while (chars.length >= 2) {
      const first = chars[0];
      const last = chars[chars.length - 1];
      if (this.pairs.get(first) === last) {
        chars = chars.slice(1, -1);
      } else if (this.strayEnd(chars, last)) {
        chars = chars.slice(0, -1);
      } else if (this.strayStart(chars, first)) {
        chars = chars.slice(1);
      } else {
        break;
      }
    }
    return chars.join("");
  }

  strayEnd(chars, last) {
    if (this.closers.has(last)) return !chars.slice(0, -1).some((c) => this.pairs.get(c) === last);
    return this.edgeMarks.test(last);
  }

  strayStart(chars, first) {
    if (this.pairs.has(first)) return !chars.slice(1).includes(this.pairs.get(first));
    return this.edgeMarks.test(first);
  }

  /** Name keys of every stretch of a chunk that ends where a name may end, longest first. */
  spans(chunks) {
    const keys = new Set();
    for (const chunk of chunks) {
      const chars = Array.from(chunk);
      const ends = new Set([chars.length]);
      for (const found of chunk.matchAll(this.nameEnd)) {
        ends.add(size(chunk.slice(0, found.index + found[0].length)));
      }
      // Only the last few places a name may end: crafted text has hundreds.
      for (const end of [...ends].sort((a, b) => a - b).slice(-this.maxEnds)) {
        for (let start = Math.max(0, end - this.maxSpan); start < end - 1; start++) {
          const key = this.norm.nameKey(chars.slice(start, end).join(""));
          if (size(key) >= this.minName) keys.add(key);
        }
      }
    }
    return [...keys].sort((a, b) => size(b) - size(a) || byPoints(a, b));
  }
}

// ---------------------------------------------------------------------------------------
// The search: which files to fetch, and the verdict the bot would give.

/** A record found, as bot/lookup.py Hit: how it was found, its score, whether a clone's. */
function hit(record, matchKind, score = 1, lookalike = false) {
  return { record, matchKind, score, lookalike };
}

/** bot/lookup.py held_now_first: a name someone holds now outranks the same name held before
 * by another. */
function heldNowFirst(hits) {
  if (!hits.some((found) => found.matchKind === "exact_name")) return hits;
  return hits.filter((found) => found.matchKind !== "former_name");
}

/** By identifier: bot/lookup.py exact_keys and the registry's USCC index give this order. */
function byId(a, b) {
  const x = a.record ? a.record.u : a.u;
  const y = b.record ? b.record.u : b.u;
  return x < y ? -1 : x > y ? 1 : 0;
}

// What each kind of piece is looked up as (bot/check_reading.py KEY_KINDS, PIECE_WORDS).
const PIECE_KEYS = {
  id: ["uscc"],
  code: ["code", "cert"],
  phone: ["phone", "code", "cert"],
  host: ["website"],
};
const PIECE_WORDS = { id: "code", code: "code", phone: "phone", host: "website" };
const ID_KINDS = ["uscc", "code", "cert"];
const NAME_KINDS = ["name", "former_name"];
// The key file a key kind of bot/registry/search_index.py is kept in (`i:` holds all three
// identifiers), and how a record found by it was found (bot/lookup.py MATCH_KINDS).
const KEY_PREFIX = {
  uscc: "i:", code: "i:", cert: "i:", phone: "p:", website: "w:", name: "n:", former_name: "n:",
};
const MATCH_KINDS = {
  uscc: "exact_id", code: "exact_id", cert: "exact_id", phone: "phone", website: "website",
  name: "exact_name", former_name: "former_name",
};

/** A query answered from the shards; `load(path)` returns the parsed JSON of one file. */
export class Directory {
  constructor(meta, load) {
    this.meta = meta;
    this.load = load;
    this.norm = new Normalizer(meta);
    this.reader = new Reader(meta, this.norm);
    this.stop = new Set(meta.stop);
    this.files = new Map();
  }

  file(path) {
    if (!this.files.has(path)) this.files.set(path, this.load(path));
    return this.files.get(path);
  }

  /** What the key files hold under one key: record numbers, or a top-level domain's suffixes. */
  async entry(key) {
    const shard = shardOf(key, this.meta.keys);
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
    const shard = shardOf(gram, this.meta.grams);
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

  /** bot/lookup.py exact_keys: the records found under the first of `keys` that finds any
   * (as one of the key `kinds`), by identifier; with `every`, under any of them, in key order
   * (the names a sentence mentions). A name someone holds now outranks the same name held
   * before, unless `heldBeforeToo`. `matchKind` names how they were found, else the key kind
   * does. */
  async exactKeys(keys, kinds, matchKind = "", every = false, heldBeforeToo = false) {
    const wanted = keys.filter(Boolean);
    const prefixes = [...new Set(kinds.map((kind) => KEY_PREFIX[kind]))];
    const lists = await Promise.all(
      wanted.map((key) => Promise.all(prefixes.map((prefix) => this.entry(prefix + key)))),
    );
    // The rows of the registry's lookup_keys: [rank of the key, key kind, record].
    let rows = [];
    for (const [rank, key] of wanted.entries()) {
      const numbers = [...new Set(lists[rank].flat())];
      if (!numbers.length) continue;
      for (const record of await this.records(numbers)) {
        for (const [i, prefix] of prefixes.entries()) {
          if (!lists[rank][i].includes(record.i)) continue;
          for (const kind of this.keyKinds(record, prefix, key)) {
            if (kinds.includes(kind)) rows.push({ rank, kind, record });
          }
        }
      }
      if (rows.length && !every) break;
    }
    // lookup_keys is ordered by key, key kind and identifier; exact_keys sorts by key order
    // (with `every`) or by identifier, a record's name now before a name it held before,
    // keeping each record's first row.
    const id = (row) => row.record.u;
    const before = (row) => (row.kind === "former_name" ? 1 : 0);
    rows.sort((a, b) =>
      every
        ? a.rank - b.rank || byPoints(a.kind, b.kind) || byPoints(id(a), id(b))
        : byPoints(id(a), id(b)) || before(a) - before(b),
    );
    const hits = new Map();
    for (const row of rows) {
      if (!hits.has(id(row))) hits.set(id(row), hit(row.record, matchKind || MATCH_KINDS[row.kind]));
    }
    return heldBeforeToo ? [...hits.values()] : heldNowFirst([...hits.values()]);
  }

  /** bot/lookup.py _disguised: the records a name imitates letter for letter in another
   * script: lookalikes, never the match. */
  async disguised(text) {
    const shown = this.norm.skeleton(text);
    if (shown === text) return [];
    const [named, other] = await this.namedExactly(shown, this.norm.nameKey(shown));
    return [...named, ...other].map((found) => hit(found.record, "fuzzy", 0.95, true));
  }

  /** bot/lookup.py named_exactly: [records registered under the name `text` now or before,
   * those it only resembles]; the form is checked before a name held now outranks one held
   * before. */
  async namedExactly(text, key) {
    const found = await this.exactKeys([key], NAME_KINDS, "", false, true);
    const [named, other] = this.sameForm(text, found);
    return [heldNowFirst(named), other];
  }

  /** The key kinds under which `record` is kept at `prefix + key`. */
  keyKinds(record, prefix, key) {
    const norm = this.norm;
    if (prefix === "n:") {
      const kinds = norm.nameKey(record.n) === key ? ["name"] : [];
      if ((record.f || []).some((name) => norm.nameKey(name) === key)) kinds.push("former_name");
      return kinds;
    }
    if (prefix !== "i:") return [prefix === "p:" ? "phone" : "website"];
    if (record.t === "p") return norm.compactId(record.u) === key ? ["cert"] : [];
    const kinds = record.u === key ? ["uscc"] : [];
    if (record.c && norm.compactId(record.c) === key) kinds.push("code");
    return kinds;
  }

  /** bot/lookup.py same_form: `hits` split into those `text` may name and those it only
   * resembles: another legal form is another firm (a 股份有限公司 is not the 有限公司), a
   * company is not a person of that name, and "上海…" is not a firm registered elsewhere under
   * the same words without 上海 (when no firm found is in Shanghai). */
  sameForm(text, hits) {
    const norm = this.norm;
    const form = norm.legalForm(text);
    const company = form !== null || norm.namesACompany(text);
    const inShanghai = (record) => record.t !== "p" && (norm.saysShanghai(record.n) || !record.o);
    const local = norm.saysShanghai(text) && !hits.some((found) => inShanghai(found.record));
    if (!company && !local) return [hits, []];
    const kept = [];
    const other = [];
    const key = norm.nameKey(text);
    const fitting = (name, record) => {
      const theirs = name ? norm.legalForm(name) : null;
      if (form !== null && theirs !== null && theirs !== form) return false;
      return !(local && !norm.saysShanghai(name) && record.o);
    };
    for (const found of hits) {
      const record = found.record;
      if (found.matchKind !== "exact_name" && found.matchKind !== "former_name") {
        kept.push(found);
        continue;
      }
      let fits = !company;
      if (record.t !== "p") {
        const names =
          found.matchKind === "former_name"
            ? (record.f || []).filter((name) => norm.nameKey(name) === key)
            : [record.n || ""];
        fits = names.some((name) => fitting(name, record));
      }
      if (fits) kept.push(found);
      else other.push(hit(record, "fuzzy", 0.95, true));
    }
    return [kept, other];
  }

  /** bot/lookup.py find: identifiers, phones and hosts exactly; names exactly, then by
   * similarity (unless `similar` is false: the caller needs only what is found exactly).
   * {query, tooLong, invalidUscc, exact: [hit], candidates: [hit]}. */
  async find(query, similar = true) {
    const norm = this.norm;
    const found = { query, tooLong: false, invalidUscc: false, exact: [], candidates: [] };
    if (size(query) > MAX_QUERY) {
      found.tooLong = true;
      return found;
    }
    const compact = norm.compactId(query);
    if (norm.looksLikeUscc(compact) && !norm.usccIsValid(compact)) {
      // bot/lookup.py _same_uscc_prefix: the agencies whose first 17 characters these are.
      found.invalidUscc = true;
      const near = await this.records(await this.entry("x:" + compact.slice(0, 17)));
      found.candidates = near
        .sort(byId)
        .slice(0, CANDIDATES)
        .map((record) => hit(record, "fuzzy", round(17 / 18)));
      return found;
    }
    const host = norm.webHost(query);
    found.nameKey = norm.nameKey(query);
    const probes = [];
    if (/^[0-9A-Z]+$/.test(compact)) probes.push([compact, ID_KINDS]); // identifiers hold nothing else
    for (const key of norm.phoneKeys(query)) probes.push([key, ["phone"]]);
    for (const parent of host ? norm.parentHosts(host) : []) probes.push([parent, ["website"]]);
    for (const [key, kinds] of probes) {
      const hits = await this.exactKeys([key], kinds);
      if (hits.length) {
        found.exact = hits;
        return found;
      }
    }
    if (host) return found; // an unregistered web address: not to be matched as a name
    const nameKey = found.nameKey;
    let [exact, other] = await this.namedExactly(query, nameKey);
    if (!exact.length && !other.length) other = await this.disguised(query);
    found.exact = exact;
    if (other.length && !exact.length) {
      found.candidates = other;
      return found;
    }
    if (exact.length > 1) {
      // The record registered under exactly what was typed first.
      const typed = query.trim();
      exact.sort((a, b) => (a.record.n !== typed) - (b.record.n !== typed) || byId(a, b));
    }
    if (!exact.length) {
      // bot/lookup.py _claimed_head_office: an unregistered branch of a registered firm.
      const head = await this.claimedHeadOffice(query);
      if (head) {
        found.headOffice = head;
        const alike = similar ? await this.similar(nameKey) : [];
        const others = alike.filter((h) => h.record.u !== head.record.u);
        found.candidates = [head, ...others].slice(0, CANDIDATES);
        return found;
      }
    }
    if (exact.length > 1) found.candidates = exact.slice(0, CANDIDATES); // the count says the rest
    else if (!exact.length && similar) found.candidates = await this.similar(nameKey);
    return found;
  }

  /** bot/lookup.py _claimed_head_office: the one registered agency whose whole name a
   * branch's name begins with. */
  async claimedHeadOffice(query) {
    const head = this.norm.headOfficeNamed(query);
    if (head === null) return null;
    const [named] = await this.namedExactly(head, this.norm.nameKey(head));
    const agencies = named.filter((h) => h.record.t !== "p");
    return agencies.length === 1 ? hit(agencies[0].record, "fuzzy", 0.95, true) : null;
  }

  /** bot/lookup.py lookalike_hosts: registered sites a host imitates (the registered domain
   * inside another host, the same name under another suffix, a name one letter off). */
  async lookalikeHosts(host) {
    const labels = host.split(".");
    const inner = new Set();
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 2; j < labels.length; j++) inner.add(labels.slice(i, j).join("."));
    }
    const shown = this.norm.skeleton(host); // what it shows, in Latin letters: huayue-ip.сom.cn
    if (shown !== host) for (const parent of this.norm.parentHosts(shown)) inner.add(parent);
    const hits = await this.exactKeys([...inner].sort(byPoints), ["website"], "website");
    const label = this.norm.siteLabel(host, await this.entry("t:" + labels[labels.length - 1]));
    if (size(label) >= this.meta.near_site_label) {
      const seen = this.norm.skeleton(label);
      const words = seen.split("-");
      const inside = [];
      for (let i = 0; i < words.length; i++) {
        for (let j = i + 1; j <= words.length; j++) inside.push(words.slice(i, j).join("-"));
      }
      const near = [
        ...new Set([
          label,
          seen,
          ...oneDeletions(label),
          ...oneDeletions(seen),
          ...inside.filter((piece) => size(piece) >= this.meta.near_site_label),
        ]),
      ];
      const lists = await Promise.all(near.map((key) => this.entry("s:" + key)));
      const records = await this.records([...new Set(lists.flat())]);
      const nearest = records.sort(byId).slice(0, CANDIDATES * NEAR_SITES);
      hits.push(...nearest.map((record) => hit(record, "website", 0.9)));
    }
    const unique = new Map();
    for (const found of hits) {
      const id = found.record.u;
      if (!unique.has(id)) unique.set(id, hit(found.record, "website", found.score, true));
    }
    return [...unique.values()].slice(0, CANDIDATES);
  }

  /** The verdict on one query, as bot/check.py check builds it: level, headline key, the
   * record or the candidates, the reasons (message key, parameters, date, source). `viewOf`
   * words it. */
  async search(rawQuery) {
    const norm = this.norm;
    const query = norm.cleanText(rawQuery);
    const text = query.trim();
    if (size(text) > MAX_QUERY) return this.answer(query, await this.find(text), null);
    const posingAs = norm.impersonation(text, norm.webHost(text));
    const reading = this.reader.read(text);
    let whole = null;
    if (!reading.pieces.length && !reading.invalid.length) {
      // The whole text as one name first: it may hold any mark. Names like it count only when
      // the text is its name alone (a sentence's similar names would be the sentence's).
      const plain = norm.nameKey(reading.name) === norm.nameKey(text);
      const found = (whole = await this.find(text, plain || !reading.name));
      if (found.exact.length || (plain && (found.candidates.length || !reading.spans.length))) {
        return this.answer(query, found, posingAs);
      }
    }
    const verdict = await this.checkReading(query, reading, posingAs);
    if (verdict) return verdict;
    let subject = text;
    if (reading.invalid.length) subject = reading.invalid[0];
    else if (!reading.pieces.length && reading.name) subject = reading.name;
    const found = whole !== null && subject === text ? whole : await this.find(subject);
    found.query = text; // the answer quotes what was asked
    return this.answer(query, found, posingAs);
  }

  /** bot/check_reading.py check_reading: the verdict on a query read into pieces; null when
   * nothing in it was found at all. Certain only when every piece and name was found and
   * together they agree on exactly one record. */
  async checkReading(query, reading, posingAs) {
    let found = await Promise.all(
      reading.pieces.map(async (piece) => ({ piece, hits: await this.pieceHits(piece) })),
    );
    // An unknown number that is no USCC or phone (a price, a date, a postcode) proves nothing.
    found = found.filter((f) => f.hits.length || f.piece.kind !== "code");
    const [named, unnamed] = await this.names(reading.names);
    const agreeing = [...found.map((f) => this.agrees(f.hits)), ...named.map((n) => n.ids)];
    const explained =
      found.every((f) => f.hits.length && !f.piece.misread) &&
      !unnamed.length &&
      !reading.invalid.length && // a USCC with a wrong check character beside a name
      agreeing.length > 0;
    let shared = agreeing.length
      ? agreeing.reduce((all, ids) => new Set([...all].filter((id) => ids.has(id))))
      : new Set();
    const direct = [...found.flatMap((f) => f.hits), ...named.flatMap((n) => n.hits)];
    if (shared.size > 1) {
      // "周明远 3120150101": the person both name, not their agency.
      const ids = new Set(direct.map((h) => h.record.u));
      shared = new Set([...shared].filter((id) => ids.has(id)));
    }
    if (explained && shared.size === 1) {
      const strongest = this.strongest(found, named, [...shared][0]);
      // bot/check_reading.py _strongest finds none when only a practitioner's agency is
      // shared (two people of one firm): Python stops there; the page goes on.
      if (strongest) return this.certain(query, strongest, posingAs);
    }
    if (this.aListOfFirms(found, named, unnamed, reading)) {
      // bot/check_reading.py _listed: each firm with its own verdict; the text as the worst.
      const candidates = named.map((n) => n.hits[0]).slice(0, CANDIDATES);
      const worst = candidates.reduce(
        (level, c) => (LEVEL_ORDER[c.record.l] > LEVEL_ORDER[level] ? c.record.l : level),
        candidates[0].record.l,
      );
      const reasons = [this.reason("i", "listed")];
      if (posingAs) reasons.unshift(this.reason("d", "impersonation", { term: posingAs }));
      return this.verdict(query, posingAs ? "danger" : worst, "listed", candidates, reasons, posingAs);
    }
    const anchors = [
      ...found.filter((f) => !f.piece.misread).flatMap((f) => f.hits),
      ...named.flatMap((n) => n.hits),
    ];
    const near = [];
    for (const f of found) {
      if (f.piece.kind !== "host" || f.hits.length) continue;
      near.push(...(await this.lookalikeHosts(f.piece.keys[0])));
    }
    const misread = found.some((f) => f.piece.misread);
    const order = [...named.flatMap((n) => n.hits), ...found.flatMap((f) => f.hits), ...near];
    const pieces = anchors.length || near.length || misread;
    // The names the text mentions, and names like its own, fill the candidates: looked up only
    // when there is room among them (each may fetch several files).
    const room = (hits) => new Set(hits.map((h) => h.record.u)).size < CANDIDATES;
    const spans = reading.spans.length && (!pieces || room(order));
    const mentioned = spans
      ? await this.exactKeys(await this.maybeNames(reading.spans), NAME_KINDS, "", true, true)
      : [];
    if (!pieces && !mentioned.length) return null;
    const similar =
      reading.name && !anchors.length && room([...order, ...mentioned])
        ? (await this.find(reading.name)).candidates
        : [];
    const candidates = [];
    for (const each of [...order, ...mentioned, ...similar]) {
      if (candidates.length === CANDIDATES) break;
      if (!candidates.some((c) => c.record.u === each.record.u)) candidates.push(each);
    }
    const several = found.length || reading.invalid.length || named.length > 1;
    if (several && pieces) {
      // Each wrong check character, after the other reasons.
      const wrong = reading.invalid.map(() =>
        this.reason("c", "invalid_uscc", {}, null, this.meta.uscc_standard),
      );
      const anchored = anchors.length > 0;
      return this.cloneCase(query, found, named, unnamed, candidates, anchored, posingAs, wrong);
    }
    // bot/check_reading.py _mentions: a record in danger or caution whose whole registered
    // name, now or before, the text holds puts the text there too.
    const squeeze = (t) => this.norm.fold(t).replace(this.norm.notWord, "");
    const text = squeeze(query);
    const atRisk = candidates.filter(
      (c) =>
        (c.record.l === "danger" || c.record.l === "caution") &&
        [c.record.n, ...(c.record.f || [])].some((name) => text.includes(squeeze(name))),
    );
    const reasons = [this.reason("i", "mentions")];
    for (const c of atRisk) {
      const severity = c.record.l === "danger" ? "d" : "c";
      reasons.push(this.reason(severity, `named_in_${c.record.l}`, { name: c.record.n }));
    }
    if (posingAs) reasons.unshift(this.reason("d", "impersonation", { term: posingAs }));
    const worst = atRisk.reduce(
      (level, c) => (LEVEL_ORDER[c.record.l] > LEVEL_ORDER[level] ? c.record.l : level),
      "unknown",
    );
    const level = posingAs ? "danger" : worst;
    return this.verdict(query, level, "mentions", candidates, reasons, posingAs);
  }

  /** bot/check_reading.py _a_list_of_firms: whole names of different registered firms and
   * nothing else ("A、B", one a line). */
  aListOfFirms(found, named, unnamed, reading) {
    if (found.length || unnamed.length || reading.invalid.length || named.length < 2) return false;
    const firms = named.filter((n) => this.norm.namesACompany(n.text) && n.hits.length === 1);
    if (firms.length !== named.length || firms.some((n) => n.hits[0].record.t === "p")) return false;
    return new Set(firms.map((n) => n.hits[0].record.u)).size === firms.length;
  }

  /** The stretches of text that may be a registered name, in order: each of a name's
   * bigrams lists it in the name grams at its length or shorter (the shortest of its names), so
   * a stretch with a bigram no such name holds is none. A stretch of stop grams alone is one
   * only if meta.json's stop_names lists it. Saves a key file per stretch. */
  async maybeNames(spans) {
    const bigrams = (key) => [...new Set(grams(key, 2))].filter((g) => !this.stop.has(g));
    const wanted = [...new Set(spans.flatMap(bigrams))];
    const lists = new Map(await Promise.all(wanted.map(async (g) => [g, await this.postings(g)])));
    const stopNames = new Set(this.meta.stop_names);
    return spans.filter((span) => {
      const own = bigrams(span);
      if (!own.length) return stopNames.has(span);
      const longest = Math.min(size(span), this.meta.length_bits - 1);
      let pool = null;
      for (const gram of own) {
        const here = new Set(lists.get(gram).filter(([, length]) => length <= longest).map(([n]) => n));
        pool = pool === null ? here : new Set([...pool].filter((n) => here.has(n)));
        if (!pool.size) return false;
      }
      return true;
    });
  }

  async pieceHits(piece) {
    const hits = await this.exactKeys(piece.keys, PIECE_KEYS[piece.kind]);
    if (!piece.misread) return hits;
    return hits.map((found) => hit(found.record, "exact_id", 17 / 18, true));
  }

  /** bot/check_reading.py _names: what each name-like stretch names ({text, hits, ids}), and
   * the stretches that name nothing registered. On a card line ("华岳…有限公司 周明远
   * 专利代理师") each word is read: a registered firm or person names itself, an unregistered
   * word that may be a person is passed over. */
  async names(texts) {
    const named = [];
    const unnamed = [];
    for (const text of texts) {
      const all = words(text);
      const whole = await this.named(text);
      if (whole || all.length < 2) {
        if (whole) named.push(whole);
        else unnamed.push(text);
        continue;
      }
      for (const word of all) {
        const one = await this.named(word);
        if (one) named.push(one);
        else if (!this.reader.personLike(word)) unnamed.push(word);
      }
    }
    return [named, unnamed];
  }

  async named(text) {
    const hits = (await this.namedExactly(text, this.norm.nameKey(text)))[0];
    return hits.length ? { text, hits, ids: this.agrees(hits) } : null;
  }

  /** bot/check_reading.py _agrees: the records what was found agrees with, itself and a
   * practitioner's agency (`e`, as on a business card). */
  agrees(hits) {
    const ids = new Set(hits.map((h) => h.record.u));
    for (const found of hits) if (found.record.t === "p" && found.record.e) ids.add(found.record.e);
    return ids;
  }

  /** The match an answer names for the record all agree on: a code before a name, a name
   * before a contact. */
  strongest(found, named, id) {
    const codes = found.filter((f) => f.piece.kind === "id" || f.piece.kind === "code");
    const all = [
      ...codes.flatMap((f) => f.hits),
      ...named.flatMap((n) => n.hits),
      ...found.flatMap((f) => f.hits),
    ];
    return all.find((h) => h.record.u === id);
  }

  /** bot/check_reading.py _clone_case: pieces that name different records, or a contact that
   * names none: every record found, the name's first, and a reason for each piece that does
   * not belong to it. */
  cloneCase(query, found, named, unnamed, candidates, anchored, posingAs, wrongCodes) {
    const primary = candidates[0] || null;
    const seen = new Map(candidates.map((c) => [c.record.u, c]));
    const reasons = [];
    if (posingAs) reasons.push(this.reason("d", "impersonation", { term: posingAs }));
    for (const f of found) reasons.push(...this.pieceReasons(f, primary, seen));
    for (const given of unnamed) reasons.push(this.reason("c", "name_unregistered", { given }));
    if (primary && named.some((n) => !n.ids.has(primary.record.u))) {
      reasons.push(this.reason("c", "name_elsewhere", { name: primary.record.n }));
    }
    reasons.push(...wrongCodes);
    if (!reasons.some((r) => r.key !== "impersonation")) reasons.push(this.reason("c", "records_differ"));
    const worst = candidates.reduce(
      (level, c) => (LEVEL_ORDER[c.record.l] > LEVEL_ORDER[level] ? c.record.l : level),
      candidates.length ? candidates[0].record.l : "caution",
    );
    if (anchored) {
      const level = posingAs || worst === "danger" ? "danger" : "caution";
      return this.verdict(query, level, "mismatch", candidates, reasons, posingAs);
    }
    // Only lookalikes: nothing was found, as for a lookalike name.
    return this.verdict(query, posingAs ? "danger" : "unknown", "lookalike", candidates, reasons, posingAs);
  }

  pieceReasons(found, primary, seen) {
    const piece = found.piece;
    const what = this.meta.text.pieces[PIECE_WORDS[piece.kind]];
    if (piece.misread) {
      return [this.reason("c", "uscc_misread", { written: piece.text, code: piece.keys[0] })];
    }
    if (!found.hits.length && piece.kind === "host" && primary && primary.lookalike) {
      return [this.reason("c", "lookalike_site", { contact: piece.text })];
    }
    if (!found.hits.length) {
      return [this.reason("c", "contact_unregistered", { what, contact: piece.text })];
    }
    if (primary && found.hits.every((h) => h.record.u !== primary.record.u)) {
      const other = found.hits[0].record.u;
      const params = { what, contact: piece.text, name: primary.record.n };
      params.other = seen.has(other) ? seen.get(other).record.n : other;
      return [this.reason("c", "contact_elsewhere", params)];
    }
    return [];
  }

  reason(severity, key, params = {}, date = null, source = null) {
    return { severity, key, params, date: date || this.meta.as_of, source: source || this.meta.source };
  }

  /** An answer without a certain record (bot/check_reading.py _uncertain). */
  verdict(query, level, headline, candidates, reasons, posingAs) {
    return {
      query,
      level,
      headlineKey: posingAs ? "impersonation" : headline,
      headlineParams: {},
      match: null,
      matchKind: null,
      candidates,
      reasons: bySeverity(reasons),
    };
  }

  /** bot/answers.py certain: the record one lookup is sure of, with its own reasons. */
  certain(query, found, posingAs) {
    const record = found.record;
    const own = (record.r || []).map(([severity, key, params, date, source]) =>
      this.reason(severity, key, params || {}, date, source),
    );
    if (posingAs) own.unshift(this.reason("d", "impersonation", { term: posingAs }));
    return {
      query,
      level: posingAs ? "danger" : record.l,
      headlineKey: posingAs ? "impersonation" : record.l,
      headlineParams: { name: record.n },
      match: record,
      matchKind: found.matchKind,
      candidates: [],
      reasons: bySeverity(own),
    };
  }

  /** bot/check.py _answer: the verdict on what one lookup found. */
  async answer(query, found, posingAs) {
    if (found.exact.length === 1) {
      const verdict = this.certain(query, found.exact[0], posingAs);
      if (verdict.matchKind !== "exact_name") return verdict;
      // bot/check.py _with_former_holders: a name held now that others held before.
      const holders = await this.formerHolders(found.nameKey, verdict.match.u);
      if (holders.length) {
        const others = holders.map((record) => record.n).join(this.meta.text.view.list_sep);
        verdict.reasons.push(this.reason("i", "former_holder", { others }));
      }
      return verdict;
    }
    const candidates = found.candidates;
    const best = candidates[0];
    const reasons = [];
    const add = (severity, key, params = {}, source = null) =>
      reasons.push(this.reason(severity, key, params, null, source));
    if (posingAs) add("d", "impersonation", { term: posingAs });
    if (found.tooLong) add("i", "query_too_long", { length: size(found.query) });
    else if (found.invalidUscc) add("c", "invalid_uscc", {}, this.meta.uscc_standard);
    else if (found.exact.length > 1) add("i", "ambiguous", { count: found.exact.length });
    else if (best && best.lookalike) add("c", "lookalike", { name: best.record.n });
    else if (best && best.matchKind === "partial") add("i", "partial_name", { query: found.query });
    const head = found.headOffice && candidates.find((c) => c.record.u === found.headOffice.record.u);
    if (head) {
      // Rule 6 for a branch the registry does not hold: its head office's danger is its own.
      add(head.record.l === "danger" ? "d" : "c", "unregistered_branch", { name: head.record.n });
    }
    if (!found.exact.length && !found.tooLong) add("i", "not_registered");
    let key = "not_registered";
    if (posingAs) key = "impersonation";
    else if (found.tooLong) key = "too_long";
    else if (found.invalidUscc) key = "invalid_uscc";
    else if (found.exact.length > 1) key = "ambiguous";
    else if (best && best.matchKind === "partial") key = "partial";
    else if (best && best.lookalike) key = "lookalike";
    return {
      query,
      level: posingAs || reasons.some((r) => r.severity === "d") ? "danger" : "unknown",
      headlineKey: key,
      headlineParams: key === "not_registered" ? { query: found.query } : {},
      match: null,
      matchKind: null,
      candidates,
      reasons,
    };
  }

  /** bot/lookup.py former_holders: other records that held the name `key` before, by USCC. */
  async formerHolders(key, holder) {
    const records = await this.records(await this.entry("n:" + key));
    const held = (record) => (record.f || []).some((name) => this.norm.nameKey(name) === key);
    return records.filter((record) => record.u !== holder && held(record)).sort(byId);
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
    const shard = shardOf(key, this.meta.grams);
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
        score = Math.max(score, 0.9 + whole / 20); // the closer whole name first among clones
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
          ["person_name", record.n],
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
    let kind = candidate.lookalike ? "lookalike" : candidate.matchKind;
    if (answer.headlineKey === "invalid_uscc") kind = "uscc_prefix";
    if (answer.headlineKey === "mismatch" && ["exact_name", "former_name"].includes(kind)) kind = "named";
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
    candidates_title: answer.headlineKey === "mismatch" ? text.labels.named_records : text.labels.candidates,
    paging: paging(text, answer),
    footer: {
      as_of: meta.as_of,
      source: meta.source,
      fictional: meta.fictional,
      text: fill(text.view.as_of_line, { as_of: meta.as_of, source: meta.source }),
      fictional_text: meta.fictional ? text.labels.fictional : "",
    },
  };
}

/** bot/verdict_view.py paging: a name many share shows its first CANDIDATES and counts them all. */
function paging(text, answer) {
  const shown = answer.candidates.length;
  const shared = answer.reasons.find((r) => r.key === "ambiguous");
  const total = shown ? Math.max(shown, shared ? shared.params.count : 0) : 0;
  if (total <= shown) return { total, first: 1, page: 1, pages: 1, text: "" };
  const pages = Math.ceil(total / CANDIDATES);
  return { total, first: 1, page: 1, pages, text: fill(text.view.shown_of, { total, first: 1, last: shown, page: 1, pages }) };
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

// Words of the page itself (a verdict's come from bot/words/verdict.py via meta.json): from
// bot/words/site.py, written into the page by the theme (site/overrides/main.html).
let UI = null;

function pageWords() {
  if (!UI) {
    const node = document.getElementById("lt-directory-words");
    UI = node ? JSON.parse(node.textContent) : {};
  }
  return UI;
}

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
  return element("a", { href, rel: "noopener" }, pageWords().check_in_bot);
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
    parts.push(element("h3", {}, view.candidates_title));
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
  const footer = `${view.footer.text} · ${fill(pageWords().computed_on, { today: meta.today })}`;
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
      output.replaceChildren(element("p", {}, pageWords().empty));
      return;
    }
    output.setAttribute("aria-busy", "true");
    output.replaceChildren(element("p", {}, pageWords().loading));
    try {
      const found = await open();
      render(found.meta, viewOf(found.meta, await found.search(query)), output);
    } catch (error) {
      output.replaceChildren(element("p", { class: "lt-error" }, pageWords().failed));
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
