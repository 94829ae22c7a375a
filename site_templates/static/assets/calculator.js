// The 计算器 page: inputs and ruleset live in the URL (?ruleset=...&<item>=total,green,share).
import {compute} from "./ratio.js";

const MESSAGES = {
  "unknown-item": "分项不在所选计算规则中", "duplicate-item": "同一分项填写了两次", "not-a-number": "不是数字",
  "negative-quantity": "用量不能为负数", "green-exceeds-total": "绿色建材用量大于总用量",
  "share-out-of-range": "占比须在 0% 到 100% 之间", "missing-quantity": "须填写总用量和绿色建材用量，或直接填写占比",
  "no-items": "没有任何分项有用量，无法计算",
};
const FIELDS = {total: "总用量", green: "绿色建材用量", share: "占比"};
const STATUS = {confirmed: "已确认", unconfirmed: "待核实"};

const all = JSON.parse(document.getElementById("jl-rulesets").textContent);
const rulesets = Object.fromEntries(all.map((r) => [r.id, r]));
const scoring = all.filter((r) => r.kind !== "threshold-table");
const judges = all.filter((r) => r.kind === "threshold-table");
const select = document.getElementById("jl-ruleset");
const form = document.getElementById("jl-calc-items");
const output = document.getElementById("jl-calc-result");

window.jlRatio = {compute: (id, items) => compute(rulesets[id], items, judges)};

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text !== undefined) { node.textContent = text; }
  return node;
}

function number(value, digits) {
  return Number(value).toFixed(digits).replace(/\.?0+$/, "");
}

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  const id = rulesets[params.get("ruleset")] && params.get("ruleset") !== null ? params.get("ruleset") : scoring[0].id;
  const values = {};
  for (const [key, value] of params) {
    if (key !== "ruleset") { const [total = "", green = "", share = ""] = value.split(","); values[key] = {total, green, share}; }
  }
  return {id: rulesets[id].kind === "threshold-table" ? scoring[0].id : id, values};
}

function renderForm(ruleset, values) {
  form.replaceChildren();
  for (const group of ruleset.groups) {
    const fieldset = element("fieldset", "jl-calc-group");
    fieldset.append(element("legend", null, `${group.id} ${group.name}` + (group.weight ? `（权重 ${group.weight}）` : "")));
    for (const item of group.items) {
      const row = element("div", "jl-calc-row");
      row.append(element("span", "jl-calc-name", item.name));
      for (const key of ["total", "green", "share"]) {
        const id = `jl-r-${item.id}-${key}`;
        const label = element("label", "jl-calc-field");
        label.htmlFor = id;
        label.append(element("span", null, FIELDS[key] + (key === "share" ? "（%）" : "")));
        const input = element("input");
        Object.assign(input, {id, type: "text", inputMode: "decimal", autocomplete: "off"});
        input.dataset.item = item.id;
        input.dataset.key = key;
        input.value = (values[item.id] || {})[key] || "";
        label.append(input);
        row.append(label);
      }
      fieldset.append(row);
    }
    form.append(fieldset);
  }
}

function readInputs() {
  const values = {};
  for (const input of form.querySelectorAll("input")) {
    const text = input.value.trim();
    if (text) { (values[input.dataset.item] = values[input.dataset.item] || {})[input.dataset.key] = text; }
  }
  return values;
}

function writeUrl(id, values) {
  const params = new URLSearchParams({ruleset: id});
  for (const [item, v] of Object.entries(values)) { params.set(item, [v.total || "", v.green || "", v.share || ""].join(",")); }
  window.history.replaceState(null, "", `${window.location.pathname}?${params}`);
}

function table(headers, rows) {
  const wrap = element("div", "jl-scroll");
  const t = element("table", "jl-table");
  const head = element("tr");
  for (const h of headers) { const th = element("th", null, h); th.scope = "col"; head.append(th); }
  const thead = element("thead");
  thead.append(head);
  const tbody = element("tbody");
  for (const cells of rows) {
    const tr = element("tr");
    for (const cell of cells) { tr.append(element("td", null, cell)); }
    tbody.append(tr);
  }
  t.append(thead, tbody);
  wrap.append(t);
  return wrap;
}

function render(ruleset, items, outcome) {
  output.replaceChildren();
  if (!items.length) { output.append(element("p", null, "在上方填写各分项的用量或占比，结果会立即显示。")); return; }
  if (outcome.errors) {
    const box = element("div", "admonition danger");
    box.setAttribute("role", "alert");
    box.append(element("p", "admonition-title", "输入有误，未计算"));
    const list = element("ul");
    for (const [field, code] of outcome.errors) {
      const match = /^items\[(\d+)\](?:\.(\w+))?/.exec(field);
      const where = match ? `${items[Number(match[1])].name}${match[2] && FIELDS[match[2]] ? " · " + FIELDS[match[2]] : ""}` : "全部分项";
      list.append(element("li", null, `${where}：${MESSAGES[code]}（${field}，${code}）`));
    }
    box.append(list);
    output.append(box);
    return;
  }
  const headline = element("p", "jl-calc-headline");
  headline.append("绿色建材应用比例 P = ", element("strong", "jl-calc-ratio", `${number(outcome.ratio, 2)}%`));
  output.append(headline, element("p", "jl-source", `计算规则：${ruleset.name}（${ruleset.edition}，${STATUS[ruleset.status]}）`));
  const scored = ruleset.kind === "scored-table";
  const rows = [];
  for (const group of ruleset.groups) {
    const g = outcome.groups[group.id];
    rows.push([`${group.id} ${group.name}`, "", `${number(g.score, 2)} / ${number(g.max_score, 2)}`, g.used ? "" : "未使用"]);
    for (const item of group.items) {
      const r = outcome.items[item.id];
      const state = !r.used ? "未使用，不计入" : r.meets ? "达标" : `未达标，差 ${number(r.shortfall, 2)} 个百分点`
        + (r.shortfall_quantity !== null ? `（还需绿色建材 ${number(r.shortfall_quantity, 2)}）` : "");
      rows.push([`　${item.name}`, r.used ? `${number(r.share, 2)}%` : "—",
                 scored && r.used ? `${number(r.score, 2)} / ${number(r.max_score, 2)}` : "", state]);
    }
  }
  output.append(table(["分组 / 分项", "绿色建材占比", scored ? "得分" : "分组得分", "情况"], rows));
  const lines = element("ul", "jl-calc-assess");
  for (const judge of judges) {
    const a = outcome.assessments[judge.id];
    let text = `${judge.name}（${STATUS[judge.status]}）：得 ${number(a.points, 2)} 分`;
    if (a.next_level !== null) { text += `，下一档需 ${number(a.next_level, 2)}%`; }
    if (a.stars.length) { text += `；满足${a.stars.map((s) => "一二三"[s - 1] + "星").join("、")}前提`; }
    lines.append(element("li", null, text));
  }
  output.append(element("h2", null, "对照《绿色建筑评价标准》"), lines);
}

function update() {
  const ruleset = rulesets[select.value];
  const values = readInputs();
  writeUrl(ruleset.id, values);
  const items = ruleset.groups.flatMap((g) => g.items).filter((i) => values[i.id])
    .map((i) => ({item: i.id, name: i.name, total: values[i.id].total ?? null, green: values[i.id].green ?? null,
                  share: values[i.id].share ?? null}));
  render(ruleset, items, items.length ? compute(ruleset, items, judges) : {});
}

const start = readUrl();
for (const r of scoring) {
  const option = element("option", null, `${r.name}（${STATUS[r.status]}）`);
  option.value = r.id;
  select.append(option);
}
select.value = start.id;
renderForm(rulesets[start.id], start.values);
update();
select.addEventListener("change", () => { const values = readInputs(); renderForm(rulesets[select.value], values); update(); });
form.addEventListener("input", update);
document.getElementById("jl-calc-form").addEventListener("submit", (event) => event.preventDefault());
document.getElementById("jl-calc-print").addEventListener("click", () => window.print());
