// Green building materials application ratio, computed in the browser.
// Mirrors generator/ratio/compute.py step by step (same checks, same order of arithmetic), and
// reads its number grammar and sentences from the same generator/ratio/wording.yaml (passed in
// as `wording`), so the page and the CLI give identical figures and words;
// tests/ratio_vectors.yaml checks both.

export function say(wording, section, key, values = {}) {
  return wording[section][key].replace(/\{(\w+)\}/g, (_, name) => String(values[name]));
}

// Digits after the point, ties away from zero on the exact binary value (as Python's words.fixed).
export function fixed(value, digits) {
  const text = Math.abs(value).toFixed(digits);
  return value < 0 && Number(text) !== 0 ? `-${text}` : text;
}

export function plain(value) {
  const text = fixed(value, 4);
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

export function parseNumber(wording, value) {
  if (typeof value === "boolean") { return null; }
  let number = null;
  if (typeof value === "number") {
    number = value;
  } else if (typeof value === "string") {
    const grammar = wording.number;
    let text = Array.from(value, (c) => grammar.replace[c] ?? c).join("");
    let start = 0;
    let end = text.length;
    while (start < end && grammar.trim.includes(text[start])) { start += 1; }
    while (end > start && grammar.trim.includes(text[end - 1])) { end -= 1; }
    text = text.slice(start, end);
    if (!new RegExp(`^(?:${grammar.pattern})$`).test(text)) { return null; }
    number = Number(text);
  } else {
    return null;
  }
  return Number.isFinite(number) ? number : null;
}

function quantities(wording, given, at, errors) {
  const error = (where, code, values) => errors.push([where, code, say(wording, "errors", code, values)]);
  const before = errors.length;
  const parsed = ["total", "green", "share"].map((key) => {
    const raw = given[key] ?? null;
    const number = raw === null ? null : parseNumber(wording, raw);
    if (raw !== null && number === null) { error(`${at}.${key}`, "not-a-number", {value: raw}); }
    return number;
  });
  const [total, green, share] = parsed;
  if (total !== null && total < 0) { error(`${at}.total`, "negative-quantity"); }
  if (green !== null && green < 0) { error(`${at}.green`, "negative-quantity"); }
  if (share !== null && !(share >= 0 && share <= 100)) { error(`${at}.share`, "share-out-of-range", {share: plain(share)}); }
  if (errors.length === before && share === null && (total === null || green === null)) { error(at, "missing-quantity"); }
  if (total !== null && green !== null && green > total && total >= 0) {
    error(`${at}.green`, "green-exceeds-total", {green: plain(green), total: plain(total)});
  }
  return {total, green, share};
}

function unitOf(wording, given, item, at, errors) {
  const unit = given.unit ?? null;
  if (unit === null) { return null; }
  if (typeof unit !== "string" || (item && item.units.length && !item.units.includes(unit))) {
    errors.push([`${at}.unit`, "bad-unit", say(wording, "errors", "bad-unit",
      {value: unit, name: item ? item.name : "", units: item && item.units.length ? item.units.join("、") : "—"})]);
    return null;
  }
  return unit;
}

export function itemIndex(ruleset) {
  const index = {};
  for (const group of ruleset.groups) { for (const item of group.items) { index[item.id] = [group, item]; } }
  return index;
}

// Clean inputs by item id, or {errors: [[field, code, sentence], ...]}.
export function checkInputs(ruleset, inputs, wording) {
  const errors = [];
  const error = (where, code, values) => errors.push([where, code, say(wording, "errors", code, values)]);
  const known = itemIndex(ruleset);
  const clean = {};
  inputs.forEach((given, n) => {
    const at = `items[${n}]`;
    if (!(given.item in known)) { error(`${at}.item`, "unknown-item", {value: given.item, ruleset: ruleset.name}); return; }
    const item = known[given.item][1];
    if (given.item in clean) { error(`${at}.item`, "duplicate-item", {name: item.name}); }
    const kinds = given.kinds ?? null;
    if (item.other) {
      if (kinds === null || ["total", "green", "share"].some((k) => (given[k] ?? null) !== null)) {
        error(at, "kinds-required");
        return;
      }
      clean[given.item] = {total: null, green: null, share: null, unit: null, kinds: kinds.map((kind, k) => {
        const where = `${at}.kinds[${k}]`;
        const name = typeof kind.name === "string" ? kind.name.trim() : "";
        if (!name) { error(`${where}.name`, "kind-name-missing"); }
        const values = quantities(wording, kind, where, errors);
        return {...values, unit: unitOf(wording, kind, null, where, errors), name};
      })};
    } else if (kinds !== null) {
      error(`${at}.kinds`, "kinds-not-allowed", {name: item.name});
    } else {
      const values = quantities(wording, given, at, errors);
      clean[given.item] = {...values, unit: unitOf(wording, given, item, at, errors), kinds: []};
    }
  });
  return errors.length ? {errors} : {clean};
}

function state(threshold, given) {
  let share = null;
  if (given) { share = given.share !== null ? given.share : (given.total ? given.green / given.total * 100 : null); }
  if (share === null) { return {used: false, share: null, meets: false, shortfall: 0.0, shortfall_quantity: null}; }
  const meets = share >= threshold;
  let quantity = null;
  if (!meets && given.total !== null && given.green !== null) { quantity = threshold / 100 * given.total - given.green; }
  return {used: true, share, meets, shortfall: meets ? 0.0 : threshold - share, shortfall_quantity: quantity};
}

function weightedItem(ruleset, group, item, given) {
  const base = {id: item.id, name: item.name, group, score: 0.0, max_score: 0.0};
  if (!item.other) { return {...base, ...state(ruleset.item_threshold, given), unit: given ? given.unit : null, kinds: []}; }
  const kinds = (given ? given.kinds : []).map((kind) => (
    {name: kind.name, ...state(ruleset.item_threshold, kind), score: 0.0, unit: kind.unit}));
  const used = kinds.filter((k) => k.used);
  const meets = used.some((k) => k.meets);
  let closest = null;
  for (const k of meets ? [] : used) { if (closest === null || k.shortfall < closest.shortfall) { closest = k; } }
  return {...base, used: used.length > 0, share: null, meets, shortfall: closest ? closest.shortfall : 0.0,
          shortfall_quantity: closest ? closest.shortfall_quantity : null, unit: null, kinds};
}

function weighted(ruleset, given) {
  const scale = 10 ** ruleset.decimals;
  const items = [];
  const groups = [];
  let units = 0;
  for (const group of ruleset.groups) {
    const mine = group.items.map((item) => weightedItem(ruleset, group.id, item, given[item.id]));
    const used = mine.filter((i) => i.used);
    const met = used.filter((i) => i.meets).length;
    for (const i of used) {
      i.max_score = group.weight / used.length;
      i.score = i.meets ? i.max_score : 0.0;
      const qualifying = i.kinds.filter((k) => k.meets);
      for (const k of qualifying) { k.score = i.max_score / qualifying.length; }
    }
    // Qn = weight × met / used, rounded half up in integer steps of 1/scale (as compute.py).
    const steps = used.length ? Math.floor((2 * group.weight * met * scale + used.length) / (2 * used.length)) : 0;
    units += steps;
    groups.push({id: group.id, name: group.name, score: steps / scale, max_score: group.weight, used: used.length > 0,
                 used_items: used.length, met_items: met});
    items.push(...mine);
  }
  return {ratio: units / scale, groups, items};
}

function sum(values) {
  let total = 0;
  for (const value of values) { total += value; }
  return total;
}

function scored(ruleset, given) {
  const items = [];
  const groups = [];
  for (const group of ruleset.groups) {
    const mine = group.items.map((item) => {
      const s = state(item.threshold, given[item.id]);
      let score = 0.0;
      if (s.meets) {
        const part = (Math.min(s.share, item.full_share) - item.threshold) / (item.full_share - item.threshold);
        score = item.min_score + part * (item.max_score - item.min_score);
      }
      const unit = given[item.id] ? given[item.id].unit : null;
      return {id: item.id, name: item.name, group: group.id, ...s, score, max_score: item.max_score, unit, kinds: []};
    });
    const used = mine.filter((i) => i.used);
    groups.push({id: group.id, name: group.name, score: sum(used.map((i) => i.score)),
                 max_score: sum(mine.map((i) => i.max_score)), used: used.length > 0, used_items: used.length,
                 met_items: used.filter((i) => i.meets).length});
    items.push(...mine);
  }
  const possible = sum(items.filter((i) => i.used || ruleset.unused === "zero").map((i) => i.max_score));
  return {ratio: sum(groups.filter((g) => g.used).map((g) => g.score)) / possible * 100, groups, items};
}

export function assess(judge, ratio) {
  const reached = judge.points.filter(([r]) => ratio >= r).map(([, p]) => p);
  const following = judge.points.filter(([r]) => ratio < r);
  following.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return {
    ruleset: judge.id, name: judge.name, status: judge.status,
    points: reached.length ? Math.max(...reached) : 0.0,
    stars: judge.star_prerequisites.filter(([, r]) => ratio >= r).map(([star]) => star),
    next_level: following.length ? following[0][0] : null,
    next_points: following.length ? following[0][1] : null,
  };
}

// Returns {errors: [[field, code, sentence], ...]} or the full breakdown.
export function compute(ruleset, inputs, judges, wording) {
  const checked = checkInputs(ruleset, inputs, wording);
  if (checked.errors) { return {errors: checked.errors}; }
  const given = checked.clean;
  const known = itemIndex(ruleset);
  const threshold = ruleset.item_threshold ?? 0.0;
  const used = Object.entries(given).some(([id, clean]) => (
    known[id][1].other ? clean.kinds : [clean]).some((row) => state(threshold, row).used));
  if (!used) { return {errors: [["items", "no-items", say(wording, "errors", "no-items")]]}; }
  const {ratio, groups, items} = ruleset.kind === "weighted-groups" ? weighted(ruleset, given) : scored(ruleset, given);
  const byId = (list) => Object.fromEntries(list.map((x) => [x.id, x]));
  return {
    ruleset: ruleset.id, ratio, items: byId(items), groups: byId(groups),
    short_items: items.filter((i) => i.used && !i.meets).map((i) => i.id),
    unused_groups: ruleset.kind === "weighted-groups" ? groups.filter((g) => !g.used).map((g) => g.id) : [],
    assessments: Object.fromEntries(judges.map((j) => [j.id, assess(j, ratio)])),
  };
}
