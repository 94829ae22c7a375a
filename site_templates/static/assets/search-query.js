// Reading a query the way people type it: pure functions, no page and no index.
//
// analyse() turns raw input into search terms: full-width folded (NFKC), lower case, invisible and direction
// characters and emoji dropped, Chinese cut into words (the browser's segmenter, with runs of single characters
// joined back: 岩 棉 -> 岩棉), stop words and status words taken out and named. The lexicon functions below read a
// word that matched nothing back to a catalogue word: traditional characters (長春 -> 长春), pinyin and initials
// (yanmian, ym -> 岩棉), homophone typos (岩绵 -> 岩棉) and one-character slips (防水卷才 -> 防水卷材).
// Data (stop words, status words, lexicon) comes from generator/search/ (stage.py, lexicon.py).

export const MAX_CHARS = 100;
export const MAX_TERMS = 8;

const HAN = /\p{Script=Han}/u;
const HAN_RUNS = /\p{Script=Han}+|[^\p{Script=Han}]+/gu;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu;
const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|[\uFE0E\uFE0F\u20E3]/gu;
const CHUNKS = /[\p{L}\p{N}]+(?:[-_./][\p{L}\p{N}]+)*/gu;
const LATIN = /^[a-z]+$/;
const CODE_LIKE = /^(?=.*\d)[a-z0-9][a-z0-9\-_./]*$/;

let segmenter = null;
function words(run) {
  if (segmenter === null) {
    segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("zh", {granularity: "word"}) : false;
  }
  return segmenter ? [...segmenter.segment(run)].map((s) => s.segment).filter((s) => s.trim()) : [run];
}

// Cut one run of Chinese into terms. Multi-character stop and status words go first (longest first), then the
// segmenter's words that are stop words; what stands between them is one term (海绵城市用的透水材料 -> 海绵城市,
// 透水材料), searched whole first. Its pieces, for when no page holds it whole, are the segmenter's words, where a
// single character the segmenter could not place is joined to its neighbours (the index knows 岩棉, the segmenter
// cuts it into 岩 and 棉).
function hanTerms(run, data, out) {
  let rest = run;
  for (const word of data.statusWords) {
    if (rest.includes(word)) { out.status.push(word); rest = rest.split(word).join(" "); }
  }
  for (const word of data.longStops) {
    if (rest.includes(word)) { out.ignored.push({word, why: "stop"}); rest = rest.split(word).join(" "); }
  }
  for (const piece of rest.split(/\s+/).filter(Boolean)) {
    let group = [];  // segments between two stop words
    for (const seg of [...words(piece), null]) {
      if (seg !== null && !data.stops.has(seg)) { group.push(seg); continue; }
      if (seg !== null) { out.ignored.push({word: seg, why: "stop"}); }
      if (group.length) {
        const whole = group.join("");
        const pieces = joinSingles(group);
        out.terms.push(whole);
        if (pieces.length > 1) { out.pieces[whole] = pieces; }
      }
      group = [];
    }
  }
}

// Runs of single characters become one word (岩 棉 -> 岩棉); a lone single character joins the word before it,
// else the word after it (保温 板 -> 保温板).
function joinSingles(segments) {
  const items = [];
  for (const seg of segments) {
    const last = items[items.length - 1];
    if ([...seg].length === 1 && last && last.single) { last.text += seg; } else { items.push({text: seg, single: [...seg].length === 1}); }
  }
  const terms = [];
  items.forEach((item, i) => {
    if (!item.single || [...item.text].length > 1 || items.length === 1) { terms.push(item.text); return; }
    if (i > 0) { terms[terms.length - 1] += item.text; } else { items[i + 1].text = item.text + items[i + 1].text; }
  });
  return terms;
}

// Turn raw input into {terms, pieces, codes, status, ignored, truncated}; ``pieces`` maps a term to the words to
// search when no page holds it whole. ``data`` is prepareData(the page's JSON).
export function analyse(raw, data) {
  const out = {terms: [], pieces: {}, codes: [], status: [], ignored: [], truncated: false};
  let text = String(raw || "");
  if (text.length > MAX_CHARS * 4) { text = text.slice(0, MAX_CHARS * 4); }
  text = text.normalize("NFKC");
  if (EMOJI.test(text)) { out.ignored.push({word: "表情符号", why: "emoji"}); }
  text = text.replace(EMOJI, " ").replace(INVISIBLE, " ").toLowerCase();
  if ([...text].length > MAX_CHARS) { text = [...text].slice(0, MAX_CHARS).join(""); out.truncated = true; }
  const chunks = text.match(CHUNKS) || [];
  if (!chunks.length && text.trim()) { out.ignored.push({word: text.trim().slice(0, 20), why: "symbols"}); }
  for (const chunk of chunks) {
    if (CODE_LIKE.test(chunk)) { out.codes.push(chunk); }
    const before = {terms: out.terms.length, ignored: out.ignored.length, status: out.status.length};
    for (const run of chunk.match(HAN_RUNS)) {
      if (HAN.test(run)) {
        hanTerms(run, data, out);
      } else {
        const word = run.replace(/^[-_./]+|[-_./]+$/g, "");
        if (word && data.stops.has(word)) { out.ignored.push({word, why: "stop"}); } else if (word) { out.terms.push(word); }
      }
    }
    // Letters and Chinese typed together (pc构件, low-e玻璃, c50混凝土) are searched whole first, as a name may
    // write them; their parts when no page holds them whole.
    const parts = out.terms.slice(before.terms);
    const whole = out.ignored.length === before.ignored && out.status.length === before.status && [...chunk].length <= 12;
    if (parts.length > 1 && whole && HAN.test(chunk) && /[a-z0-9]/.test(chunk)) {
      out.terms.splice(before.terms, parts.length, chunk);
      out.pieces[chunk] = parts.flatMap((part) => out.pieces[part] || [part]);
    }
  }
  // the same code typed with spaces inside (YPF 249, 9122 0102 …)
  const joined = chunks.join("");
  if (chunks.length > 1 && CODE_LIKE.test(joined) && chunks.every((c) => !HAN.test(c))) { out.codes.push(joined); }
  out.terms = [...new Set(out.terms)];
  if (out.terms.length > MAX_TERMS) {
    for (const word of out.terms.slice(MAX_TERMS)) { out.ignored.push({word, why: "many"}); }
    out.terms = out.terms.slice(0, MAX_TERMS);
  }
  out.status = [...new Set(out.status)];
  return out;
}

// The page's embedded search data, made ready for analyse().
export function prepareData(json) {
  const stop = json.stop || [];
  const status = json.status || {};
  return {
    ...json,
    stops: new Set(stop),
    longStops: stop.filter((w) => w.length > 1).sort((a, b) => b.length - a.length),
    statusWords: Object.keys(status).sort((a, b) => b.length - a.length),
  };
}

// Identifiers folded as generator/search/codes.py folds them: P0089 -> P89 for a product id.
export function foldCode(code) {
  const folded = code.normalize("NFKC").toUpperCase().replace(/[^0-9A-Z]/g, "");
  const product = /^P0*(\d+)$/.exec(folded);
  return product ? "P" + product[1] : folded;
}

export function isLatinWord(term) {
  return LATIN.test(term);
}

export function isHan(term) {
  return HAN.test(term);
}

// --- lexicon ------------------------------------------------------------------------------------------------

export function prepareLexicon(json) {
  const t2s = new Map();
  const pairs = [...(json.t2s || "")];
  for (let i = 0; i + 1 < pairs.length; i += 2) { t2s.set(pairs[i], pairs[i + 1]); }
  const entries = (json.words || []).map(([word, pinyin, weight]) => ({word, chars: [...word], syllables: pinyin.split(" "), weight}));
  const reading = new Map();  // characters of catalogue words: their reading in those words
  for (const entry of entries) {
    entry.chars.forEach((ch, i) => { addReading(reading, ch, entry.syllables[i]); });
  }
  return {t2s, entries, reading};
}

function addReading(map, ch, syllable) {
  const known = map.get(ch);
  if (!known) { map.set(ch, [syllable]); } else if (!known.includes(syllable)) { known.push(syllable); }
}

export function addHanzi(lexicon, json) {
  for (const [syllable, chars] of Object.entries(json || {})) {
    for (const ch of chars) { addReading(lexicon.reading, ch, syllable); }
  }
  lexicon.hanzi = true;
}

export function toSimplified(term, lexicon) {
  return [...term].map((ch) => lexicon.t2s.get(ch) || ch).join("");
}

function ranked(candidates, original) {
  return [...candidates.entries()].filter(([word]) => word !== original)
    .sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || a[0].localeCompare(b[0], "zh"))
    .map(([word]) => word);
}

function add(candidates, word, score) {
  candidates.set(word, (candidates.get(word) || 0) + score);
}

// Catalogue words a run of pinyin stands for: full pinyin from any syllable of a word (the last syllable may be
// cut short: yanmia), or the initials of a word's first syllables (ym). Best first.
export function fromPinyin(term, lexicon) {
  const found = new Map();
  if (term.length < 2) { return []; }
  for (const {chars, syllables, weight} of lexicon.entries) {
    for (let start = 0; start < syllables.length; start++) {
      let rest = term;
      let end = start;
      while (rest && end < syllables.length) {
        const s = syllables[end];
        if (rest.startsWith(s)) { rest = rest.slice(s.length); end++; continue; }
        if (s.startsWith(rest) && end > start) { rest = ""; end++; break; }
        break;
      }
      if (!rest && end > start) { add(found, chars.slice(start, end).join(""), weight * (start === 0 ? 2 : 1)); }
    }
    if (term.length <= syllables.length && syllables.slice(0, term.length).map((s) => s[0]).join("") === term) {
      add(found, chars.slice(0, term.length).join(""), weight);
    }
  }
  return ranked(found, term);
}

const FUZZY = [[/^zh/, "z"], [/^ch/, "c"], [/^sh/, "s"], [/^l/, "n"], [/^r/, "l"], [/ang$/, "an"], [/eng$/, "en"],
  [/ing$/, "in"], [/iang$/, "ian"], [/uang$/, "uan"]];

function loosely(syllable) {
  return FUZZY.reduce((s, [pattern, to]) => s.replace(pattern, to), syllable);
}

// Catalogue words read like ``term``: with ``loose`` false, the same toneless pinyin (岩绵 -> 岩棉); with ``loose``
// true, pinyin that regional accents blur (zh/z, n/l, ang/an …), else the same characters but one (防水卷才 ->
// 防水卷材; a word of two or three characters only when one catalogue word is by far the likeliest: 岩锦 -> 岩棉). Best first; [] when nothing is close.
export function soundsLike(term, lexicon, loose) {
  const chars = [...term];
  const readings = chars.map((ch) => lexicon.reading.get(ch));
  const found = new Map();
  const read = (s) => (loose ? loosely(s) : s);
  if (readings.every(Boolean)) {
    const want = readings.map((r) => r.map(read));
    for (const entry of lexicon.entries) {
      for (let start = 0; start + chars.length <= entry.chars.length; start++) {
        let same = 0;
        const ok = chars.every((ch, k) => {
          if (entry.chars[start + k] === ch) { same++; }
          return want[k].includes(read(entry.syllables[start + k]));
        });
        if (ok && same < chars.length) { add(found, entry.chars.slice(start, start + chars.length).join(""), entry.weight * (1 + same)); }
      }
    }
  }
  if (found.size || !loose) { return ranked(found, term); }
  for (const entry of lexicon.entries) {
    for (let start = 0; start + chars.length <= entry.chars.length; start++) {
      const diff = chars.filter((ch, k) => entry.chars[start + k] !== ch).length;
      if (diff === 1) { add(found, entry.chars.slice(start, start + chars.length).join(""), entry.weight); }
    }
  }
  const weights = [...found.values()].sort((a, b) => b - a);
  const clear = weights.length === 1 || weights[0] >= 3 * weights[1];
  return chars.length >= 4 || clear ? ranked(found, term) : [];  // short words: only a clear winner
}

// A run of Chinese cut into the longest pieces that occur in catalogue words, left to right (岩棉板导热 ->
// 岩棉板 导热, 塑钢窗 -> 塑钢 窗); [term] when it cannot be cut so.
export function splitWords(term, lexicon) {
  const chars = [...term];
  const pieces = [];
  let start = 0;
  while (start < chars.length) {
    let end = chars.length;
    while (end > start && !lexicon.entries.some((e) => e.word.includes(chars.slice(start, end).join("")))) { end--; }
    if (end === start || (end - start === 1 && pieces.length === 0)) { return [term]; }
    pieces.push(chars.slice(start, end).join(""));
    start = end;
  }
  return pieces;
}

// The identifier file that holds codes ending like ``folded`` (same hash as generator/search/codes.py).
export function codeBucket(folded, keyLength, buckets) {
  let value = 0;
  for (const ch of folded.slice(-keyLength)) { value = (value * 31 + ch.charCodeAt(0)) % 1000003; }
  return value % buckets;
}
