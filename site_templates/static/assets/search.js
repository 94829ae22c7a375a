import {facetCounts, loadFilters as loadFiltersOf, openSearch, search, sortOrder} from "./search-core.js";

// Search page: query, filters, sort and the "as typed" switch live in the URL, so a search can be shared, and each
// change of filters, sort or submitted query is a browser history entry (Back restores the previous search).
// Facets count like Datasette's and Algolia's: a group where values are chosen shows every value's count as if that
// group were not chosen, so the other values stay visible and can be added.
// Everything shown from the index is set as text, except Pagefind's excerpt, which Pagefind builds from escaped
// page text. A first search loads only what it needs: the filter indexes load when a reader opens the filters or
// a filter is set, a sort file when a reader picks that sort, the lexicon when a query word matches nothing.
const FILTER_ORDER = ["类型", "类别", "地区", "目录", "星级", "证书状态", "入选途径", "负面清单", "应用场景"];
const STATUS_CODES = new Set(["valid", "expiring", "expired", "withdrawn", "negative", "tested"]);
const PAGE_SIZE = 10;
const RESERVED = new Set(["q", "sort", "exact"]);
const WHY = {stop: "提问用词和虚词", unknown: "站内没有这个词", symbols: "只有符号", emoji: "", many: "词太多"};

const form = document.getElementById("jl-search-form");
const input = document.getElementById("jl-q");
const sortSelect = document.getElementById("jl-sort");
const groupsBox = document.getElementById("jl-filter-groups");
const statusBox = document.getElementById("jl-status");
const notesBox = document.getElementById("jl-notes");
const list = document.getElementById("jl-results");
const moreButton = document.getElementById("jl-more");
const clearButton = document.getElementById("jl-clear");
const bundle = new URL(form.dataset.bundle, window.location.href);  // the first search bundle
const pageData = JSON.parse(document.getElementById("jl-search-data").textContent || "{}");
const help = pageData.statusHelp || {};

let state = readUrl();
let engine = null;
let filtersLoaded = null;  // the promise of Pagefind loading every filter index
const orders = {};  // sort key -> promise of its rankOf function
let results = [];
let shown = 0;
let generation = 0;
const openGroups = new Set();  // filter groups the reader opened

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  const filters = {};
  for (const [key, value] of params) {
    if (!RESERVED.has(key) && value) { (filters[key] = filters[key] || []).push(value); }
  }
  const sort = params.get("sort");
  return {q: params.get("q") || "", sort: sort === "name" || sort === "expiry" ? sort : "", exact: params.get("exact") === "1", filters};
}

function urlFor(next) {
  const params = new URLSearchParams();
  if (next.q) { params.set("q", next.q); }
  if (next.q && next.exact) { params.set("exact", "1"); }
  if (next.sort) { params.set("sort", next.sort); }
  for (const name of Object.keys(next.filters).sort()) {
    for (const value of next.filters[name]) { params.append(name, value); }
  }
  const query = params.toString();
  return window.location.pathname + (query ? "?" + query : "");
}

// ``push``: a new history entry (a filter, sort or submitted query); else the current entry is updated (typing).
function writeUrl(push) {
  const url = urlFor(state);
  if (url === window.location.pathname + window.location.search) { return; }
  if (push) { window.history.pushState(null, "", url); } else { window.history.replaceState(null, "", url); }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text !== undefined) { node.textContent = text; }
  return node;
}

function chosenFilters() {
  const filters = {};
  for (const [name, values] of Object.entries(state.filters)) {
    if (values.length) { filters[name] = {any: values}; }
  }
  return filters;
}

function hasFilters() {
  return Object.keys(chosenFilters()).length > 0;
}

function loadFilters() {
  if (!filtersLoaded) { filtersLoaded = loadFiltersOf(engine); }
  return filtersLoaded;
}

function order(key) {
  if (!key || !engine.manifest.sorts[key]) { return Promise.resolve(null); }
  if (!orders[key]) {
    const url = new URL(engine.manifest.sorts[key], bundle);
    orders[key] = fetch(url).then((response) => {
      if (!response.ok) { throw new Error(`排序数据 ${url} 无法载入（${response.status}）`); }
      return response.json();
    }).then(sortOrder);
  }
  return orders[key];
}

// Before the filter indexes load, each group shows its name only; opening one loads them all.
function renderFilterNames() {
  groupsBox.replaceChildren();
  for (const name of FILTER_ORDER) {
    const group = element("details", "jl-filter-group");
    group.append(element("summary", null, name), element("p", "jl-filter-wait", "打开后显示可选值和数量。"));
    group.addEventListener("toggle", async () => {
      if (!group.open) { return; }
      openGroups.add(name);
      group.lastChild.textContent = "正在载入筛选项……";
      await loadFilters();
      run(false);
    }, {once: true});
    groupsBox.append(group);
  }
  clearButton.hidden = !hasFilters();
}

function showFilters(counts) {
  if (filtersLoaded) { renderFilters(counts); } else { renderFilterNames(); }
}

function renderFilters(counts) {
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement : null;
  const refocus = focused && focused.dataset.filter ? [focused.dataset.filter, focused.value] : null;
  groupsBox.replaceChildren();
  const names = [...FILTER_ORDER.filter((n) => n in counts), ...Object.keys(counts).filter((n) => !FILTER_ORDER.includes(n))];
  names.forEach((name, groupIndex) => {
    const chosen = state.filters[name] || [];
    const values = Object.entries(counts[name])
      .filter(([value, count]) => count > 0 || chosen.includes(value))
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "zh"));
    if (!values.length) { return; }
    const group = element("details", "jl-filter-group");
    group.open = chosen.length > 0 || openGroups.has(name);
    group.addEventListener("toggle", () => { if (group.open) { openGroups.add(name); } else { openGroups.delete(name); } });
    const summary = element("summary", null, name);
    if (chosen.length) { summary.append(element("span", "jl-filter-chosen", `（已选 ${chosen.length}）`)); }
    const fieldset = element("fieldset");
    fieldset.append(element("legend", "jl-visually-hidden", name));
    values.forEach(([value, count], index) => {
      const id = `jl-f-${groupIndex}-${index}`;
      const box = element("input");
      box.type = "checkbox";
      box.id = id;
      box.checked = chosen.includes(value);
      box.dataset.filter = name;
      box.value = value;
      const label = element("label", "jl-filter-label");
      label.htmlFor = id;
      const text = element("span", null, value);
      if (name === "证书状态" && help[value]) { text.append(element("small", "jl-filter-help", help[value])); }
      label.append(text, element("span", "jl-count", String(count)));
      const row = element("div", "jl-filter-row");
      row.append(box, label);
      fieldset.append(row);
      if (refocus && refocus[0] === name && refocus[1] === value) { queueMicrotask(() => box.focus()); }
    });
    group.append(summary, fieldset);
    groupsBox.append(group);
  });
  clearButton.hidden = !hasFilters();
}

function quoted(words) {
  return words.map((w) => `“${w}”`).join("");
}

// A link that searches again with a changed query (kept as a history entry).
function searchLink(text, q, exact) {
  const link = element("a", null, text);
  link.href = urlFor({...state, q, exact});
  link.addEventListener("click", (event) => {
    event.preventDefault();
    state = {...state, q, exact};
    input.value = q;
    run(true);
  });
  return link;
}

// What the search did with the query, in sentences: corrections, status words, ignored words, partial matches.
function renderNotes(notes) {
  notesBox.replaceChildren();
  const add = (...parts) => {
    const p = element("p", "jl-note-line");
    p.append(...parts);
    notesBox.append(p);
  };
  for (const fix of notes.corrected) {
    if (fix.how === "simplified") {
      add(`已按简体字“${fix.to}”搜索“${fix.from}”。`);
      continue;
    }
    const parts = [`已显示“${fix.to}”的结果，`, searchLink(`仍搜索“${fix.from}”`, state.q, true)];
    if (fix.how === "pinyin") { parts.unshift(`“${fix.from}”按拼音理解。`); }
    if (fix.others.length) {
      parts.push("。也可以试试：");
      fix.others.forEach((other, i) => { parts.push(...(i ? ["、"] : []), searchLink(other, state.q.split(fix.from).join(other), false)); });
    }
    add(...parts, "。");
  }
  if (notes.status) {
    const values = notes.status.values.join("、");
    add(`${quoted(notes.status.words)}按证书状态筛选：${values}。` + (notes.status.values.includes("即将到期")
      ? "即将到期的证书仍然有效，只是不足 90 天就到期。" : ""));
  }
  if (notes.codes.length) {
    add(`按编号找到：${notes.codes.map((hit) => `${hit.label} ${hit.code}`).join("；")}。`);
  }
  if (notes.unmatched.length) {
    add(`没有页面包含${quoted(notes.unmatched)}，下面是包含其余部分的结果。`);
  }
  const ignored = [];
  for (const why of Object.keys(WHY)) {
    const words = notes.ignored.filter((item) => item.why === why).map((item) => item.word);
    if (!words.length) { continue; }
    ignored.push(why === "emoji" ? "表情符号" : `${quoted([...new Set(words)])}（${WHY[why]}）`);
  }
  if (ignored.length) { add(`已忽略：${ignored.join("；")}。`); }
  if (notes.truncated) { add("搜索词太长，只用了前 100 个字。"); }
  if (notes.partial) {
    add(`完全符合的结果不多，下面另列出 ${notes.partial} 个只符合部分搜索词的结果，标有“部分匹配”。`);
  }
  notesBox.hidden = !notesBox.childNodes.length;
}

async function renderMore() {
  const mine = generation;
  const batch = await Promise.all(results.slice(shown, shown + PAGE_SIZE).map(async (r) => [r, await r.data()]));
  if (mine !== generation) { return; }
  for (const [result, data] of batch) {
    const meta = data.meta || {};
    const item = element("li", "jl-result");
    const title = element("a", "jl-result-title", meta.title || data.url);
    title.href = data.url;
    const heading = element("h2", "jl-result-heading");
    heading.append(title);
    item.append(heading);
    const facts = element("p", "jl-hit-meta");
    if (result.code) { facts.append(element("span", "jl-hit-match", `${result.code.label} ${result.code.code}`)); }
    if (result.partial) {
      facts.append(element("span", "jl-hit-partial", `部分匹配：含${quoted(result.partial.matched)}，不含${quoted(result.partial.missing)}`));
    }
    if (meta.status_code && STATUS_CODES.has(meta.status_code)) {
      const badge = element("span", `jl-badge jl-status-${meta.status_code}`, meta.status);
      if (help[meta.status]) { badge.title = help[meta.status]; }
      facts.append(badge);
      if (meta.status_code === "expiring") { facts.append(element("span", "jl-hit-help", "（证书仍有效）")); }
    }
    if (meta.kind) { facts.append(element("span", "jl-hit-kind", meta.kind)); }
    if (meta.maker) { facts.append(element("span", "jl-hit-maker", meta.maker)); }
    if (facts.childNodes.length) { item.append(facts); }
    const excerpt = element("p", "jl-result-excerpt");
    excerpt.innerHTML = data.excerpt || "";  // Pagefind escapes page text and adds <mark> only
    item.append(excerpt);
    list.append(item);
  }
  shown += batch.length;
  moreButton.hidden = shown >= results.length;
}

function describe(count) {
  const parts = [];
  if (state.q) { parts.push(`“${state.q}”`); }
  for (const [name, values] of Object.entries(state.filters)) {
    if (values.length) { parts.push(`${name}：${values.join("或")}`); }
  }
  return parts.join("，") + (count ? `：找到 ${count} 个结果` : "");
}

function emptyState() {
  statusBox.textContent = `没有找到与${describe(0)}相符的结果。可以试试：换一个更短的词（如“岩棉”“热泵”），`
    + "用拼音或简称（如“yanmian”“XPS”），检查错别字，去掉部分筛选条件，或从目录、分类、地区页面浏览。";
}

// ``push``: record this search as a new history entry.
async function run(push) {
  if (!engine) { return; }  // still loading: the first run after loading uses the current state
  const mine = ++generation;
  writeUrl(push);
  if (!state.q.trim() && !hasFilters()) {
    results = [];
    list.replaceChildren();
    notesBox.replaceChildren();
    notesBox.hidden = true;
    moreButton.hidden = true;
    statusBox.textContent = "输入搜索词，或在筛选中选择条件。";
    showFilters(filtersLoaded ? await filtersLoaded : {});
    return;
  }
  statusBox.textContent = "正在搜索……";
  if (hasFilters()) { await loadFilters(); }  // counts for every group once one filter is set
  let rankOf = null;
  let note = "";
  try {
    rankOf = await order(state.sort);
  } catch (error) {
    delete orders[state.sort];  // try again on the next search
    note = "（排序数据暂时无法载入，结果按相关度排列）";
  }
  let found;
  try {
    found = await search(engine, state.q, {filters: chosenFilters(), rankOf, exact: state.exact});
  } catch (error) {
    if (mine === generation) { statusBox.textContent = `搜索出错，请稍后重试（${error.message}）。`; }
    return;
  }
  if (mine !== generation) { return; }
  const counts = filtersLoaded ? await facetCounts(engine, found, chosenFilters()) : found.filters;
  if (mine !== generation) { return; }
  results = found.results;
  shown = 0;
  list.replaceChildren();
  renderNotes(found.notes);
  showFilters(counts);
  if (!results.length) {
    emptyState();
    moreButton.hidden = true;
    return;
  }
  await renderMore();
  if (mine === generation) { statusBox.textContent = describe(results.length) + note; }
}

function syncInputs() {
  input.value = state.q;
  sortSelect.value = state.sort;
}

syncInputs();

let typing = null;
input.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(() => { state.q = input.value.trim(); state.exact = false; run(false); }, 250);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typing);
  state.q = input.value.trim();
  state.exact = false;
  run(true);
});
sortSelect.addEventListener("change", () => { state.sort = sortSelect.value; run(true); });
groupsBox.addEventListener("change", (event) => {
  const box = event.target;
  if (!box.dataset || !box.dataset.filter) { return; }
  const values = new Set(state.filters[box.dataset.filter] || []);
  if (box.checked) { values.add(box.value); } else { values.delete(box.value); }
  state.filters = {...state.filters, [box.dataset.filter]: [...values]};
  if (!values.size) { delete state.filters[box.dataset.filter]; }
  run(true);
});
clearButton.addEventListener("click", () => { state.filters = {}; run(true); });
moreButton.addEventListener("click", () => renderMore());
window.addEventListener("popstate", () => {
  clearTimeout(typing);
  state = readUrl();
  syncInputs();
  run(false);
});

// On a phone the filters start folded (before the search engine loads, so they do not fold under the reader's finger).
if (window.matchMedia("(max-width: 44.9375em)").matches) { document.getElementById("jl-filters").open = false; }

// The search engine, also for tests/search_eval.py, which runs its queries through this page's own search.
window.jlSearchEngine = openSearch(bundle, form.dataset.base, pageData).then(async (opened) => {
  engine = opened;
  await run(false);
  return engine;
});
