// The 计算器 page. Inputs live in the URL: ?ruleset=…&standard=…&<item>=total,green,share
// and, for a 其他类 item, one <item>=total,green,share,unit,name per product kind.
// Words and the number grammar come from generator/ratio/wording.yaml (embedded in the page).
// A row that is filled in wrongly or only in part is flagged on that row; the others still compute.
import {compute, fixed, plain, say} from "./ratio.js";

const WORDING = JSON.parse(document.getElementById("jl-ratio-wording").textContent);
const all = JSON.parse(document.getElementById("jl-rulesets").textContent);
const rulesets = Object.fromEntries(all.map((r) => [r.id, r]));
const scoring = all.filter((r) => r.kind !== "threshold-table");
const judges = all.filter((r) => r.kind === "threshold-table");
const select = document.getElementById("jl-ruleset");
const standard = document.getElementById("jl-standard");
const form = document.getElementById("jl-calc-items");
const output = document.getElementById("jl-calc-result");
const summary = document.getElementById("jl-calc-summary");
const FIELDS = WORDING.fields;
const STATUS = WORDING.status;
const KEYS = ["total", "green", "share"];

window.jlRatio = {compute: (id, items) => compute(rulesets[id], items, judges, WORDING)};

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text !== undefined) { node.textContent = text; }
  return node;
}

function spaced(unit) { return unit ? ` ${unit}` : ""; }

function ratioText(ruleset, ratio) { return fixed(ratio, ruleset.decimals ?? 2); }

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  const asked = params.get("ruleset");
  const fallback = scoring.find((r) => r.default) || scoring[0];
  const id = asked !== null && rulesets[asked] && rulesets[asked].kind !== "threshold-table" ? asked : fallback.id;
  const judge = judges.find((j) => j.id === params.get("standard")) || judges.find((j) => j.default) || judges[0];
  const values = {};
  for (const [key, value] of params) {
    if (key === "ruleset" || key === "standard") { continue; }
    const parts = value.split(",");
    const row = {total: parts[0] || "", green: parts[1] || "", share: parts[2] || ""};
    if (parts.length > 3) {
      (values[key] = values[key] || []).push({...row, unit: parts[3] || "", name: parts.slice(4).join(",")});
    } else {
      values[key] = row;
    }
  }
  return {id, judge: judge ? judge.id : null, values, unknown: asked !== null && id !== asked ? asked : null};
}

function numberInput(id, label, value, key) {
  const wrap = element("label", "jl-calc-field");
  wrap.htmlFor = id;
  wrap.append(element("span", null, label));
  const input = element("input");
  Object.assign(input, {id, type: "text", inputMode: key === "name" || key === "unit" ? "text" : "decimal", autocomplete: "off"});
  input.dataset.key = key;
  input.value = value || "";
  wrap.append(input);
  return wrap;
}

function quantityInputs(row, prefix, unitHint, value) {
  const unit = unitHint ? `（${unitHint}）` : "";
  row.append(numberInput(`${prefix}-total`, FIELDS.total + unit, value.total, "total"),
             numberInput(`${prefix}-green`, FIELDS.green + unit, value.green, "green"),
             numberInput(`${prefix}-share`, `${FIELDS.share}（%）`, value.share, "share"));
}

function message(row) {
  const note = element("p", "jl-calc-error");
  note.id = `${row.id}-error`;
  note.hidden = true;
  row.append(note);
}

function kindRow(item, n, value) {
  const row = element("div", "jl-calc-row jl-calc-kind");
  row.id = `jl-r-${item.id}-${n}`;
  row.dataset.kind = "";
  row.append(numberInput(`${row.id}-name`, `${FIELDS.kinds}${FIELDS.name}`, value.name, "name"),
             numberInput(`${row.id}-unit`, FIELDS.unit, value.unit, "unit"));
  quantityInputs(row, row.id, "", value);
  message(row);
  return row;
}

// Each group folds away; it starts open when something in it is filled in (or, on an empty form, the first one).
function renderForm(ruleset, values) {
  form.replaceChildren();
  const empty = !Object.keys(values).length;
  ruleset.groups.forEach((group, n) => {
    const title = `${group.id} ${group.name}` + (group.weight ? `（${group.weight} 分）` : "");
    const details = element("details", "jl-calc-group");
    details.open = empty ? n === 0 : group.items.some((item) => item.id in values);
    const summaryLine = element("summary", null, title);
    summaryLine.append(element("span", "jl-calc-group-state"));
    details.dataset.group = group.id;
    const fieldset = element("fieldset");
    fieldset.append(element("legend", "jl-sr-only", title));
    details.append(summaryLine, fieldset);
    for (const item of group.items) {
      const row = element("div", item.other ? "jl-calc-other" : "jl-calc-row");
      row.id = `jl-r-${item.id}`;
      row.dataset.item = item.id;
      const name = element("span", "jl-calc-name", item.name);
      if (item.units.length) { name.append(element("small", null, ` ${item.units.join(" 或 ")}`)); }
      if (item.includes) { name.title = item.includes; }
      row.append(name);
      if (item.other) {
        if (item.includes) { row.append(element("p", "jl-source", item.includes)); }
        const list = element("div", "jl-calc-kinds");
        const kinds = Array.isArray(values[item.id]) && values[item.id].length ? values[item.id] : [{}];
        kinds.forEach((kind, n) => list.append(kindRow(item, n, kind)));
        const add = element("button", "jl-calc-add jl-noprint", "添加产品种类");
        add.type = "button";
        add.addEventListener("click", () => { list.append(kindRow(item, list.children.length, {})); });
        row.append(list, add);
      } else {
        quantityInputs(row, row.id, item.units.join("/"), Array.isArray(values[item.id]) ? {} : values[item.id] || {});
        message(row);
      }
      fieldset.append(row);
    }
    form.append(details);
  });
}

// The group headings say how many items are filled in and, once computed, the group's score.
function groupStates(ruleset, rows, outcome) {
  for (const group of ruleset.groups) {
    const filled = rows.filter((entry) => group.items.includes(entry.item)).length;
    const g = outcome && outcome.groups ? outcome.groups[group.id] : null;
    let text = filled ? ` · 已填 ${filled} 项` : "";
    if (g && g.used) { text += ` · ${fixed(g.score, ruleset.kind === "weighted-groups" ? ruleset.decimals : 2)} 分`; }
    form.querySelector(`[data-group="${group.id}"] .jl-calc-group-state`).textContent = text;
  }
}

function read(row, keys) {
  const value = {};
  for (const key of keys) { value[key] = row.querySelector(`input[data-key="${key}"]`).value.trim(); }
  return value;
}

// The filled rows in page order: {item, name, row, input} with kinds as sub-rows.
function readRows(ruleset) {
  const rows = [];
  for (const group of ruleset.groups) {
    for (const item of group.items) {
      const row = document.getElementById(`jl-r-${item.id}`);
      if (item.other) {
        const kinds = [...row.querySelectorAll("[data-kind]")].map((r) => ({row: r, ...read(r, ["name", "unit", ...KEYS])}))
          .filter((k) => KEYS.some((key) => k[key]) || k.name);
        if (kinds.length) { rows.push({item, row, kinds}); }
      } else {
        const value = read(row, KEYS);
        if (KEYS.some((key) => value[key])) { rows.push({item, row, value}); }
      }
    }
  }
  return rows;
}

function asInput(entry) {
  const text = (v) => (v === "" ? null : v);
  if (entry.kinds) {
    return {item: entry.item.id, kinds: entry.kinds.map((k) => (
      {name: k.name, unit: text(k.unit), total: text(k.total), green: text(k.green), share: text(k.share)}))};
  }
  return {item: entry.item.id, total: text(entry.value.total), green: text(entry.value.green), share: text(entry.value.share)};
}

function writeUrl(ruleset, judge, rows) {
  const params = new URLSearchParams({ruleset: ruleset.id});
  if (judge) { params.set("standard", judge.id); }
  for (const entry of rows) {
    if (entry.kinds) {
      for (const k of entry.kinds) { params.append(entry.item.id, [k.total, k.green, k.share, k.unit, k.name].join(",")); }
    } else {
      params.set(entry.item.id, [entry.value.total, entry.value.green, entry.value.share].join(","));
    }
  }
  window.history.replaceState(null, "", `${window.location.pathname}?${params}`);
}

// Show each error on its row (or kind sub-row); return the indexes of the rows that had one.
function flag(rows, errors) {
  const bad = new Set();
  for (const [field, , sentence] of errors) {
    const match = /^items\[(\d+)\](?:\.kinds\[(\d+)\])?(?:\.(\w+))?/.exec(field);
    if (!match) { continue; }
    const entry = rows[Number(match[1])];
    bad.add(Number(match[1]));
    const row = match[2] !== undefined ? entry.kinds[Number(match[2])].row : (entry.kinds ? entry.kinds[0].row : entry.row);
    const note = row.querySelector(".jl-calc-error");
    const label = match[3] && FIELDS[match[3]] ? `${FIELDS[match[3]]}：` : "";
    note.textContent = note.hidden ? `${label}${sentence}` : `${note.textContent} ${label}${sentence}`;
    note.hidden = false;
    row.classList.add("jl-calc-row--bad");
    row.closest("details").open = true;
    const inputs = match[3] ? row.querySelectorAll(`input[data-key="${match[3]}"]`) : row.querySelectorAll("input");
    for (const input of inputs) { input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", note.id); }
  }
  return bad;
}

function clearFlags() {
  for (const note of form.querySelectorAll(".jl-calc-error")) { note.hidden = true; note.textContent = ""; }
  for (const row of form.querySelectorAll(".jl-calc-row--bad")) { row.classList.remove("jl-calc-row--bad"); }
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  }
}

// rows: arrays of cells, or {group: text} for a group heading across the table.
function table(headers, rows) {
  const wrap = element("div", "jl-scroll");
  const t = element("table", "jl-table jl-calc-table");
  const head = element("tr");
  for (const h of headers) { const th = element("th", null, h); th.scope = "col"; head.append(th); }
  const thead = element("thead");
  thead.append(head);
  const tbody = element("tbody");
  for (const cells of rows) {
    const tr = element("tr");
    if (cells.group) {
      const th = element("th", "jl-calc-group-row", cells.group);
      th.colSpan = headers.length;
      th.scope = "colgroup";
      tr.append(th);
    } else {
      for (const cell of cells) { tr.append(element("td", null, cell)); }
    }
    tbody.append(tr);
  }
  t.append(thead, tbody);
  wrap.append(t);
  return wrap;
}

function state(item, unit) {
  if (!item.used) { return WORDING.result.unused; }
  if (item.meets) {
    const qualifying = (item.kinds || []).filter((k) => k.meets);
    return WORDING.result.meets + (qualifying.length
      ? "；" + say(WORDING, "result", "kinds_met", {n: qualifying.length, score: fixed(qualifying[0].score, 2)}) : "");
  }
  let text = say(WORDING, "result", "short", {gap: fixed(item.shortfall, 2)});
  if (item.shortfall_quantity !== null) {
    text += say(WORDING, "result", "short_quantity", {quantity: plain(item.shortfall_quantity), unit: spaced(unit)});
  }
  return text;
}

function breakdown(ruleset, outcome) {
  const weighted = ruleset.kind === "weighted-groups";
  const rows = [];
  for (const group of ruleset.groups) {
    const g = outcome.groups[group.id];
    if (!g.used && weighted) {
      rows.push({group: say(WORDING, "result", "group_unused", {id: group.id, name: group.name, note: ruleset.unused_groups_note})});
      continue;
    }
    rows.push({group: say(WORDING, "result", "group", {id: group.id, name: group.name,
      score: fixed(g.score, weighted ? ruleset.decimals : 2), max: plain(g.max_score)})
      + say(WORDING, "result", "group_counts", {used: g.used_items, met: g.met_items})});
    for (const item of group.items) {
      const r = outcome.items[item.id];
      if (!r.used) { continue; }
      const unit = r.unit || item.units[0] || "";
      rows.push([item.name, r.share === null ? "" : `${fixed(r.share, 2)}%`, fixed(r.score, 2), state(r, unit)]);
      for (const k of r.kinds.filter((kind) => kind.used)) {
        rows.push([`　${k.name}`, `${fixed(k.share, 2)}%`, k.meets ? fixed(k.score, 2) : "", state(k, k.unit)]);
      }
    }
  }
  return table(["分项", FIELDS.share, "得分", "情况"], rows);
}

function assessment(judge, a) {
  const list = element("ul", "jl-calc-assess");
  let text = say(WORDING, "result", "points", {name: judge.name, points: plain(a.points)});
  if (a.next_level !== null) { text += say(WORDING, "result", "next_level", {ratio: plain(a.next_level), points: plain(a.next_points)}); }
  list.append(element("li", null, text));
  for (const [star, minimum] of judge.star_prerequisites) {
    list.append(element("li", null, say(WORDING, "result", "star", {star: WORDING.result.stars[star - 1], ratio: plain(minimum),
      verdict: a.stars.includes(star) ? WORDING.result.star_met : WORDING.result.star_not_met})));
  }
  return list;
}

function render(ruleset, judge, rows, outcome, skipped) {
  output.replaceChildren();
  summary.replaceChildren();
  summary.hidden = true;
  if (ruleset.status === "unsourced") {
    const box = element("div", "admonition danger");
    box.setAttribute("role", "note");
    box.append(element("p", "admonition-title", STATUS.unsourced), element("p", null, ruleset.source_note));
    output.append(box);
  }
  if (!rows.length) { output.append(element("p", null, "在上方填写各分项的用量或占比，结果会立即显示。")); return; }
  if (skipped.length) {
    const box = element("div", "admonition warning");
    box.setAttribute("role", "status");
    box.append(element("p", null, say(WORDING, "result", "partial", {names: skipped.join("、")})));
    output.append(box);
  }
  if (outcome.errors) {
    output.append(element("p", null, outcome.errors.map(([, , sentence]) => sentence).join(" ")));
    return;
  }
  const headline = element("p", "jl-calc-headline");
  const [before, after] = WORDING.result.headline.split("{ratio}");
  headline.append(before, element("strong", "jl-calc-ratio", ratioText(ruleset, outcome.ratio) + after));
  output.append(headline, element("p", "jl-source", say(WORDING, "result", "ruleset",
    {name: ruleset.name, edition: ruleset.edition, status: STATUS[ruleset.status]})));
  output.append(breakdown(ruleset, outcome));
  const link = element("a", null, say(WORDING, "result", "headline", {ratio: ratioText(ruleset, outcome.ratio)}));
  link.href = "#jl-calc-result";
  summary.append(link);
  if (judge) {
    const a = outcome.assessments[judge.id];
    output.append(element("h2", null, `对照《绿色建筑评价标准》（${judge.edition}）`), assessment(judge, a));
    summary.append(`；${judge.edition}：${plain(a.points)} 分`);
    const others = judges.filter((j) => j.id !== judge.id)
      .map((j) => say(WORDING, "result", "points", {name: j.name, points: plain(outcome.assessments[j.id].points)}));
    if (others.length) { output.append(element("p", "jl-source", `另：${others.join("；")}。`)); }
  }
  summary.hidden = false;
}

function update() {
  const ruleset = rulesets[select.value];
  const judge = rulesets[standard.value];
  const rows = readRows(ruleset);
  writeUrl(ruleset, judge, rows);
  clearFlags();
  let outcome = rows.length ? compute(ruleset, rows.map(asInput), judges, WORDING) : {};
  let skipped = [];
  if (outcome.errors) {
    const bad = flag(rows, outcome.errors);
    skipped = rows.filter((_, n) => bad.has(n)).map((entry) => entry.item.name);
    const rest = rows.filter((_, n) => !bad.has(n));
    if (rest.length && bad.size) { outcome = compute(ruleset, rest.map(asInput), judges, WORDING); }
  }
  render(ruleset, judge, rows, outcome, skipped);
  groupStates(ruleset, rows, outcome);
}

const start = readUrl();
for (const r of scoring) {
  const option = element("option", null, `${r.name}（${STATUS[r.status]}）`);
  option.value = r.id;
  select.append(option);
}
for (const j of judges) {
  const option = element("option", null, j.edition);
  option.value = j.id;
  standard.append(option);
}
select.value = start.id;
if (start.judge) { standard.value = start.judge; }
if (start.unknown) {
  const note = document.getElementById("jl-calc-notice");
  note.className = "admonition warning";
  note.textContent = `网址中的计算规则“${start.unknown}”本站已不再提供，已改用“${rulesets[start.id].name}”。`;
  note.hidden = false;
}
let shown = rulesets[start.id];
renderForm(shown, start.values);
update();
select.addEventListener("change", () => {
  // Keep what was typed for items both rulesets have.
  const values = Object.fromEntries(readRows(shown).map((e) => [e.item.id, e.kinds ? e.kinds : e.value]));
  shown = rulesets[select.value];
  renderForm(shown, values);
  update();
});
standard.addEventListener("change", update);
form.addEventListener("input", update);
document.getElementById("jl-calc-form").addEventListener("submit", (event) => event.preventDefault());
document.getElementById("jl-calc-print").addEventListener("click", () => window.print());
