import {rankedSearch, sortOrder} from "./search-core.js";

// Search page on the Pagefind JS API: query, filters and sort live in the URL,
// so a search can be shared. Everything shown from the index is set as text,
// except Pagefind's excerpt, which Pagefind builds from escaped page text.
// A first search loads only what it needs: the filter indexes (for the counts)
// load when a reader opens the filters or a filter is set, a sort file when a
// reader picks that sort.
const FILTER_ORDER = ["类型", "类别", "地区", "目录", "星级", "证书状态", "应用场景", "入选途径"];
const STATUS_CODES = new Set(["valid", "expiring", "expired", "withdrawn", "negative", "tested"]);
const PAGE_SIZE = 10;
const RESERVED = new Set(["q", "sort"]);

const form = document.getElementById("jl-search-form");
const input = document.getElementById("jl-q");
const sortSelect = document.getElementById("jl-sort");
const groupsBox = document.getElementById("jl-filter-groups");
const statusBox = document.getElementById("jl-status");
const list = document.getElementById("jl-results");
const moreButton = document.getElementById("jl-more");
const clearButton = document.getElementById("jl-clear");
const bundle = new URL(form.dataset.bundle, window.location.href);  // the first search bundle

const state = readUrl();
let pagefind = null;
let manifest = null;
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
  return {q: params.get("q") || "", sort: sort === "name" || sort === "expiry" ? sort : "", filters};
}

function writeUrl() {
  const params = new URLSearchParams();
  if (state.q) { params.set("q", state.q); }
  if (state.sort) { params.set("sort", state.sort); }
  for (const name of Object.keys(state.filters).sort()) {
    for (const value of state.filters[name]) { params.append(name, value); }
  }
  const query = params.toString();
  window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text !== undefined) { node.textContent = text; }
  return node;
}

function hasFilters() {
  return Object.values(state.filters).some((values) => values.length);
}

function searchOptions() {
  const filters = {};
  for (const [name, values] of Object.entries(state.filters)) {
    if (values.length) { filters[name] = {any: values}; }
  }
  return {filters};
}

function loadFilters() {
  if (!filtersLoaded) { filtersLoaded = pagefind.filters(); }
  return filtersLoaded;
}

function order(key) {
  if (!key || !manifest.sorts[key]) { return Promise.resolve(null); }
  if (!orders[key]) {
    const url = new URL(manifest.sorts[key], bundle);
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
      run();
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
      label.append(element("span", null, value), element("span", "jl-count", String(count)));
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

async function renderMore() {
  const mine = generation;
  const batch = await Promise.all(results.slice(shown, shown + PAGE_SIZE).map((r) => r.data()));
  if (mine !== generation) { return; }
  for (const data of batch) {
    const meta = data.meta || {};
    const item = element("li", "jl-result");
    const title = element("a", "jl-result-title", meta.title || data.url);
    title.href = data.url;
    const heading = element("h2", "jl-result-heading");
    heading.append(title);
    item.append(heading);
    const facts = element("p", "jl-hit-meta");
    if (meta.status_code && STATUS_CODES.has(meta.status_code)) {
      facts.append(element("span", `jl-badge jl-status-${meta.status_code}`, meta.status));
    }
    if (meta.kind) { facts.append(element("span", "jl-hit-kind", meta.kind)); }
    if (meta.maker) { facts.append(element("span", "jl-hit-maker", meta.maker)); }
    if (facts.childNodes.length) { item.append(facts); }
    const excerpt = element("p", "jl-result-excerpt");
    excerpt.innerHTML = data.excerpt;  // Pagefind escapes page text and adds <mark> only
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

async function run() {
  if (!pagefind) { return; }  // still loading: the first run after loading uses the current state
  const mine = ++generation;
  writeUrl();
  if (!state.q && !hasFilters()) {
    results = [];
    list.replaceChildren();
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
  const search = await rankedSearch(pagefind, state.q, searchOptions(), rankOf);
  if (mine !== generation || !search) { return; }
  results = search.results;
  shown = 0;
  list.replaceChildren();
  showFilters(search.filters);
  if (!results.length) {
    statusBox.textContent = `没有找到与${describe(0)}相符的结果。可以试试：换一个更短的词（如“岩棉”“热泵”），`
      + "检查错别字，去掉部分筛选条件，或从目录、分类、地区页面浏览。";
    moreButton.hidden = true;
    return;
  }
  await renderMore();
  if (mine === generation) { statusBox.textContent = describe(results.length) + note; }
}

input.value = state.q;
sortSelect.value = state.sort;

let typing = null;
input.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(() => { state.q = input.value.trim(); run(); }, 250);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typing);
  state.q = input.value.trim();
  run();
});
sortSelect.addEventListener("change", () => { state.sort = sortSelect.value; run(); });
groupsBox.addEventListener("change", (event) => {
  const box = event.target;
  if (!box.dataset || !box.dataset.filter) { return; }
  const values = new Set(state.filters[box.dataset.filter] || []);
  if (box.checked) { values.add(box.value); } else { values.delete(box.value); }
  state.filters[box.dataset.filter] = [...values];
  run();
});
clearButton.addEventListener("click", () => { state.filters = {}; run(); });
moreButton.addEventListener("click", () => renderMore());

(async () => {
  const module = await import(new URL("pagefind.js", bundle).href);
  const baseUrl = new URL(form.dataset.base, window.location.href).pathname;
  const response = await fetch(new URL("jl-search.json", bundle));
  manifest = response.ok ? await response.json() : {bundles: [], sorts: {}};
  // Search on this page's own thread: a query takes milliseconds, and the worker script would add
  // another download to every first search.
  await module.options({baseUrl, noWorker: true});
  await module.init();
  for (const other of manifest.bundles) {
    await module.mergeIndex(new URL(other, bundle).pathname, {baseUrl});
  }
  pagefind = module;
  if (window.matchMedia("(max-width: 44.9375em)").matches) { document.getElementById("jl-filters").open = false; }
  await run();
})();
