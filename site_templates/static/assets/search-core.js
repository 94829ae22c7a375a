// Search shared by the search page and the search-quality evaluation (tests/search_eval.py).
//
// A query is read by search-query.js, then:
// 1. codes (product ids, model, certificate and report numbers, credit codes, or their last 6+ characters) are
//    looked up in one small identifier file and their records put first;
// 2. the other words go to Pagefind, which needs every word on a page and quietly drops words it does not know;
//    so each word is checked against the first results' text, and a word found nowhere is read back to a catalogue
//    word through the lexicon (traditional characters, pinyin, homophone and one-character typos), or named as
//    ignored — never dropped silently;
// 3. with two words or more and fewer than RELAX_BELOW results, pages matching some of the words follow, labelled
//    partial and ranked by how many words they match;
// 4. the first results are re-ordered: titles holding every word, then texts holding them; product pages before
//    category and enterprise pages when a word names a product type; Pagefind's order within each group.
import {addHanzi, analyse, codeBucket, foldCode, fromPinyin, isHan, isLatinWord, prepareData, prepareLexicon,
  soundsLike, splitWords, toSimplified} from "./search-query.js";

export const RERANK_WINDOW = 15;
export const RELAX_BELOW = 5;
const MAX_CODE_HITS = 10;

function squash(text) {
  return (text || "").toLowerCase().replace(/[\s\u200b]+/g, "");
}

// The text a result shows for the words check: title, content and metadata, without the pinyin metadata of
// enterprise pages (a pinyin word found only there still deserves the lexicon's reading, see search()).
function haystack(data) {
  const meta = data.meta || {};
  return squash([meta.title, data.content, ...Object.entries(meta).filter(([k]) => k !== "py").map(([, v]) => v)].join(" "));
}

// 0: the title holds every term; 1: the title and the page's own names do (see generator/search/lexicon.py, name_words);
// 2: the page's text does; 3: not every term is on the page (Pagefind matched a shorter word).
export function tier(terms, data) {
  const title = squash(data.meta && data.meta.title);
  if (terms.every((term) => title.includes(term))) { return 0; }
  const names = title + squash(data.meta && data.meta.names);
  if (terms.every((term) => names.includes(term))) { return 1; }
  const text = haystack(data);
  return terms.every((term) => text.includes(term)) ? 2 : 3;
}

// Whole words of the results' titles and names: letters and digits, Chinese cut apart from them (XPS-16 gives xps).
function wholeWords(head) {
  const words = new Set();
  for (const d of head) {
    const text = `${(d.meta && d.meta.title) || ""} ${(d.meta && d.meta.names) || ""}`.toLowerCase();
    for (const word of text.split(/[^\p{L}\p{N}]+/u)) {
      for (const part of word.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu) || []) { words.add(part); }
    }
  }
  return words;
}

function loaded(id, data, extra) {
  return {id, data: () => Promise.resolve(data), ...extra};
}

// Open Pagefind (the first bundle, with the other shards merged) and the page's search data.
export async function openSearch(bundle, base, json) {
  const pagefind = await import(new URL("pagefind.js", bundle).href);
  const baseUrl = new URL(base, window.location.href).pathname;
  const response = await fetch(new URL("jl-search.json", bundle));
  const manifest = response.ok ? await response.json() : {bundles: [], sorts: {}};
  // Search on this page's own thread: a query takes milliseconds, and the worker script would add another
  // download to every first search.
  await pagefind.options({baseUrl, noWorker: true});
  // On a Chinese page Pagefind cuts each query with the browser's word segmenter, which splits words it does not
  // know (岩棉 -> 岩 棉): a looser match, and an index chunk to fetch for each piece. search-query.js already cuts
  // the query into the index's words, so Pagefind starts without a page language and takes each term as it is
  // (the index it opens is still the only one, the Chinese one). The language is put back at once.
  const root = document.documentElement;
  const lang = root.getAttribute("lang");
  root.setAttribute("lang", "und");
  const started = pagefind.init();
  if (lang === null) { root.removeAttribute("lang"); } else { root.setAttribute("lang", lang); }
  await started;
  for (const other of manifest.bundles) {
    await pagefind.mergeIndex(new URL(other, bundle).pathname, {baseUrl, language: "und"});
  }
  return {pagefind, manifest, data: prepareData(json || {}), base: new URL(base, window.location.href), files: {}};
}

const REMEMBERED = 40;

// Pagefind's answer to one query and filters. One search asks the same question more than once (each word alone,
// then again for partial matches and facet counts), and a reader goes back to earlier searches: the last answers
// are kept (the index does not change while the page is open).
function pagefindRun(engine, query, filters) {
  const key = JSON.stringify([query, filters, Boolean(engine.filtersReady)]);
  const memo = engine.memo || (engine.memo = new Map());
  if (!memo.has(key)) {
    if (memo.size >= REMEMBERED) { memo.delete(memo.keys().next().value); }
    const answer = engine.pagefind.search(query, {filters});
    answer.catch(() => memo.delete(key));
    memo.set(key, answer);
  }
  return memo.get(key);
}

function fetchJson(engine, path) {
  if (!engine.files[path]) {
    const url = new URL(path, engine.base);
    engine.files[path] = fetch(url).then((response) => {
      if (!response.ok) { throw new Error(`搜索数据 ${url} 无法载入（${response.status}）`); }
      return response.json();
    });
    engine.files[path].catch(() => { delete engine.files[path]; });
  }
  return engine.files[path];
}

async function lexiconFor(engine, needHanzi) {
  if (!engine.lexicon) { engine.lexicon = fetchJson(engine, engine.data.lexicon).then(prepareLexicon); }
  const lexicon = await engine.lexicon;
  if (needHanzi && !lexicon.hanzi) { addHanzi(lexicon, await fetchJson(engine, engine.data.hanzi)); }
  return lexicon;
}

// Records whose code the query words are: [{code, kind, path, title, query}].
async function lookupCodes(engine, codes) {
  const data = engine.data;
  if (!codes.length || !data.ids) { return []; }
  const hits = [];
  for (const code of codes) {
    const folded = foldCode(code);
    if (folded.length < 2) { continue; }
    const rows = await fetchJson(engine, `${data.ids}${codeBucket(folded, data.idKey, data.idBuckets)}.json`);
    for (const [written, kind, path, title] of rows) {
      const own = foldCode(written);
      const tail = folded.length >= data.idSuffix && "cre".includes(kind) && own.endsWith(folded);
      if ((own === folded || tail) && !hits.some((h) => h.path === path)) {
        hits.push({code: written, kind, label: data.idKinds[kind], path, title, query: code, exact: own === folded});
      }
    }
  }
  return hits.sort((a, b) => Number(b.exact) - Number(a.exact)).slice(0, MAX_CODE_HITS);
}

// The page of each code hit, as a search result (found by the code as the page writes it).
async function codeResults(engine, hits) {
  return Promise.all(hits.map(async (hit) => {
    const url = new URL(hit.path, engine.base).pathname;
    const found = await pagefindRun(engine, hit.code.toLowerCase(), {});
    for (const result of (found ? found.results : []).slice(0, 20)) {
      const data = await result.data();
      if (data.url === url) { return loaded(result.id, data, {code: hit}); }
    }
    return loaded(url, {url, meta: {title: hit.title}, content: "", excerpt: ""}, {code: hit});
  }));
}

async function heads(engine, terms, filters, size) {
  const found = await pagefindRun(engine, terms.length ? terms.join(" ") : null, filters);
  const results = found ? found.results : [];
  return {found, results, head: await Promise.all(results.slice(0, size).map((r) => r.data()))};
}

// Of ``terms``, those no page of ``head`` holds; and of those, the ones found in enterprises' pinyin metadata.
function unmatchedIn(terms, head) {
  const texts = head.map(haystack);
  const pinyin = head.map((d) => squash((d.meta && d.meta.py) || ""));
  const unmatched = terms.filter((term) => !texts.some((text) => text.includes(term)));
  return {unmatched, viaPinyin: unmatched.filter((term) => pinyin.some((text) => text.includes(term)))};
}

// One Pagefind search; with the data of its first results and the terms none of them holds. When the words find
// nothing together, each is checked alone: a word may be known and only never on the same page as the others.
async function pagefindSearch(engine, terms, filters) {
  const {found, results, head} = await heads(engine, terms, filters, RERANK_WINDOW);
  let check = unmatchedIn(terms, head);
  const seen = [head];
  if (!results.length && terms.length) {
    const unmatched = [];
    const viaPinyin = [];
    for (const term of terms) {
      const alone = await heads(engine, [term], terms.length > 1 ? filters : {}, 5);
      const one = unmatchedIn([term], alone.head);
      unmatched.push(...one.unmatched);
      viaPinyin.push(...one.viaPinyin);
      seen.push(alone.head);
    }
    check = {unmatched, viaPinyin};
  }
  return {results, head, filters: found ? found.filters : {}, words: wholeWords(seen.flat()), ...check};
}

// A catalogue word for a word that matched nothing: {to, how, others} or null. ``to`` may be several words when
// the browser's segmenter left catalogue words joined (岩棉板导热 -> 岩棉板 导热).
async function correction(engine, term) {
  if (isLatinWord(term)) {
    const [to, ...others] = fromPinyin(term, await lexiconFor(engine, false));
    return to ? {to, how: "pinyin", others: others.slice(0, 3)} : null;
  }
  if (!isHan(term) || [...term].length < 2) { return null; }  // one character: too little to guess from
  const lexicon = await lexiconFor(engine, true);
  const simple = toSimplified(term, lexicon);
  if (simple !== term) {  // 塗料 -> 涂料; a traditional typo (寶溫板 -> 宝温板) goes on to be read by its sound
    const alone = await pagefindSearch(engine, [simple], {});
    const further = alone.unmatched.length ? await correction(engine, simple) : null;
    return further && further.how !== "split" ? further : {to: simple, how: "simplified", others: []};
  }
  const [heard, ...others] = soundsLike(term, lexicon, false);
  if (heard) { return {to: heard, how: "typo", others: others.slice(0, 3)}; }
  const pieces = splitWords(term, lexicon);
  if (pieces.length > 1) { return {to: pieces.join(" "), how: "split", others: []}; }
  const [near, ...more] = soundsLike(term, lexicon, true);
  return near ? {to: near, how: "typo", others: more.slice(0, 3)} : null;
}

// Syllables typed apart, read left to right as the longest runs that spell catalogue words:
// [{from: "chang chun", to: "长春"}, …], or null when some syllable spells nothing.
function pinyinGroups(letters, lexicon) {
  const groups = [];
  for (let start = 0; start < letters.length;) {
    let end = letters.length;
    let word = null;
    for (; end > start && !word; end--) { [word] = fromPinyin(letters.slice(start, end).join(""), lexicon); }
    if (!word) { return null; }
    groups.push({from: letters.slice(start, end + 1).join(" "), to: word});
    start = end + 1;
  }
  return groups;
}

// Pages holding some of the words, best first: more of the words, and rarer words (a page with 减水剂 before a page
// with only 企业), then Pagefind's score. [{result, matched: [terms]}]
async function partialMatches(engine, terms, filters, skip) {
  const byId = new Map();
  const found = [];
  for (const term of terms) {
    const search = await pagefindRun(engine, term, filters);
    found.push(search ? search.results : []);
  }
  const most = Math.max(1, ...found.map((results) => results.length));
  found.forEach((results, i) => {
    const weight = Math.log(1 + most / Math.max(1, results.length));
    for (const result of results) {
      if (skip.has(result.id)) { continue; }
      const seen = byId.get(result.id) || {result, matched: [], weight: 0, score: 0};
      seen.matched.push(terms[i]);
      seen.weight += weight;
      seen.score = Math.max(seen.score, result.score);
      byId.set(result.id, seen);
    }
  });
  return [...byId.values()].sort((a, b) => b.matched.length - a.matched.length || b.weight - a.weight || b.score - a.score);
}

// A query names a product type when a product title holds one of its words, or when no other page's title holds
// all of them (商砼 is no page's title; 长春 is a region's and enterprises'): then products come first.
function namesProductType(terms, head) {
  const isProduct = (d) => d.meta && d.meta.kind === "产品";
  return terms.some((term) => head.some((d) => isProduct(d) && squash(d.meta.title).includes(term)))
    || !head.some((d) => !isProduct(d) && tier(terms, d) === 0);
}

function rerank(terms, results, head) {
  const productType = terms.length > 0 && namesProductType(terms, head);
  const ordered = head.map((data, index) => ({data, index, tier: tier(terms, data),
    kind: productType && !(data.meta && data.meta.kind === "产品") ? 1 : 0}))
    .sort((a, b) => a.tier - b.tier || a.kind - b.kind || a.index - b.index)
    .map((item) => loaded(results[item.index].id, item.data));
  return ordered.concat(results.slice(head.length));
}

async function sorted(results, rankOf) {
  const ranked = await Promise.all(results.map(async (result, index) => ({result, index, rank: await rankOf(result)})));
  return ranked.sort((a, b) => a.rank - b.rank || a.index - b.index).map((item) => item.result);
}

// Result order for a sort: the ranked ids of one sort file (see generator/site/index.py). An id that two
// bundles share is told apart by the result's URL; pages without the sort key go last.
export function sortOrder(file) {
  const ranks = new Map(file.ranked.map((id, rank) => [id, rank]));
  return async (result) => {
    if (ranks.has(result.id)) { return ranks.get(result.id); }
    const byUrl = file.ambiguous[result.id];
    if (!byUrl) { return Infinity; }
    const rank = byUrl[(await result.data()).url];
    return rank === undefined ? Infinity : rank;
  };
}

// Search: {results, filters, notes, terms}. Each result has data() (Pagefind's fragment: url, meta, excerpt),
// and may carry ``code`` (found by its code) or ``partial`` ({matched, missing} words). ``notes`` says what the
// search did with the query: ignored words, corrections, the status filter, partial matches.
// Options: filters (Pagefind filters), rankOf (a sortOrder), exact (no corrections: search the words as typed).
export async function search(engine, query, {filters = {}, rankOf = null, exact = false} = {}) {
  const plan = analyse(query, engine.data);
  const notes = {ignored: [...plan.ignored], corrected: [], status: null, truncated: plan.truncated, partial: 0,
    unmatched: [], codes: []};
  const active = {...filters};
  if (plan.status.length) {
    const values = [...new Set(plan.status.flatMap((word) => engine.data.status[word]))];
    const chosen = (filters["证书状态"] || {}).any;
    active["证书状态"] = {any: chosen && chosen.length ? values.filter((v) => chosen.includes(v)) : values};
    notes.status = {words: plan.status, values};
  }
  const hits = await lookupCodes(engine, plan.codes);
  notes.codes = hits;
  const found = new Set(hits.map((hit) => hit.query));
  let terms = plan.terms.filter((term) => ![...found].some((code) => code === term || code.includes(term)));
  if (!terms.length && !Object.keys(active).length) {
    return {results: await codeResults(engine, hits), filters: {}, notes, terms, active};
  }
  let run = await pagefindSearch(engine, terms, active);
  const split = terms.filter((t) => run.unmatched.includes(t) && plan.pieces[t]);
  if (split.length) {  // a phrase no page holds whole: its words, as the segmenter found them
    terms = [...new Set(terms.flatMap((t) => (split.includes(t) ? plan.pieces[t] : [t])))];
    run = await pagefindSearch(engine, terms, active);
  }
  // A short run of letters that is no word of the results may be pinyin initials (ym): it is read as such when
  // the lexicon knows a catalogue word with those initials, and kept as typed otherwise.
  const initials = terms.filter((t) => isLatinWord(t) && t.length <= 4 && !run.unmatched.includes(t) && !run.words.has(t));
  // Pinyin typed with spaces (yan mian, chang chun yan mian): syllables read together as catalogue words.
  const letters = terms.filter((t) => isLatinWord(t));
  if (letters.length > 1 && letters.some((t) => run.unmatched.includes(t) || initials.includes(t)) && !exact) {
    const groups = pinyinGroups(letters, await lexiconFor(engine, false));
    if (groups && groups.length < letters.length) {
      notes.corrected.push(...groups.map((g) => ({...g, how: "pinyin", others: []})));
      terms = [...new Set(terms.flatMap((t) => (!letters.includes(t) ? [t] : t === letters[0] ? groups.map((g) => g.to) : [])))];
      run = await pagefindSearch(engine, terms, active);
      initials.length = 0;
    }
  }
  if ((run.unmatched.length || initials.length) && !exact) {
    const next = [];
    for (const term of terms) {
      if (initials.includes(term)) {
        const fix = await correction(engine, term);
        if (fix) { notes.corrected.push({from: term, ...fix}); }
        next.push(fix ? fix.to : term);
        continue;
      }
      if (!run.unmatched.includes(term)) { next.push(term); continue; }
      const fix = await correction(engine, term);
      if (fix) {
        if (fix.how !== "split") { notes.corrected.push({from: term, ...fix}); }
        next.push(...fix.to.split(" "));
      } else if (run.viaPinyin.includes(term)) {
        next.push(term);  // an enterprise's name in pinyin: Pagefind found it in the page's metadata
      } else {
        notes.ignored.push({word: term, why: "unknown"});
      }
    }
    terms = [...new Set(next)];
    run = terms.length || Object.keys(active).length ? await pagefindSearch(engine, terms, active)
      : {results: [], head: [], filters: {}, words: new Set(), unmatched: [], viaPinyin: []};
  } else if (run.unmatched.length) {
    notes.unmatched = run.unmatched;
  }
  const results = run.results;
  let ordered = rankOf ? await sorted(results, rankOf) : rerank(terms, results, run.head);
  if (terms.length >= 2 && results.length < RELAX_BELOW) {
    const partial = await partialMatches(engine, terms, active, new Set(results.map((r) => r.id)));
    notes.partial = partial.length;
    ordered = ordered.concat(partial.map(({result, matched}) => ({...result,
      partial: {matched, missing: terms.filter((t) => !matched.includes(t))}})));
  }
  const codes = await codeResults(engine, hits);
  const codeIds = new Set(codes.map((r) => r.id));
  return {results: codes.concat(ordered.filter((r) => !codeIds.has(r.id))), filters: run.filters, notes, terms, active};
}

// Pagefind's filter indexes, loaded once (for the counts beside each filter value). Answers given before they were
// loaded carry no counts, so answers are remembered apart for before and after (see pagefindRun).
export function loadFilters(engine) {
  if (!engine.filters) {
    engine.filters = engine.pagefind.filters().then((all) => {
      engine.filtersReady = true;
      return all;
    });
  }
  return engine.filters;
}

// Filter counts as Datasette and Algolia show them: a group with chosen values counts each of its values as if
// that group were not chosen (other groups still apply), so the other values stay visible and can be added.
export async function facetCounts(engine, found, chosen) {
  const counts = {...found.filters};
  for (const group of Object.keys(chosen)) {
    const others = {...found.active};
    delete others[group];
    const again = await pagefindRun(engine, found.terms.length ? found.terms.join(" ") : null, others);
    if (again && again.filters[group]) { counts[group] = again.filters[group]; }
  }
  return counts;
}
