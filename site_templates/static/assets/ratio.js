// Green building materials application ratio, computed in the browser.
// Mirrors generator/ratio.py step by step (same checks, same order of arithmetic),
// so the page and the CLI give identical figures; tests/ratio_vectors.yaml checks both.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(value, where, errors) {
  if (value === null || value === undefined) { return null; }
  let number = null;
  if (typeof value === "number") { number = value; }
  else if (typeof value === "string" && NUMBER.test(value.trim())) { number = Number(value.trim()); }
  if (number === null || !Number.isFinite(number)) { errors.push([where, "not-a-number"]); return null; }
  return number;
}

function itemIndex(ruleset) {
  const index = {};
  for (const group of ruleset.groups) { for (const item of group.items) { index[item.id] = [group, item]; } }
  return index;
}

function checkInputs(ruleset, inputs) {
  const errors = [];
  const known = itemIndex(ruleset);
  const seen = new Set();
  const clean = [];
  inputs.forEach((given, n) => {
    const at = `items[${n}]`;
    if (!(given.item in known)) { errors.push([`${at}.item`, "unknown-item"]); return; }
    if (seen.has(given.item)) { errors.push([`${at}.item`, "duplicate-item"]); }
    seen.add(given.item);
    const total = parseNumber(given.total, `${at}.total`, errors);
    const green = parseNumber(given.green, `${at}.green`, errors);
    const share = parseNumber(given.share, `${at}.share`, errors);
    if (total !== null && total < 0) { errors.push([`${at}.total`, "negative-quantity"]); }
    if (green !== null && green < 0) { errors.push([`${at}.green`, "negative-quantity"]); }
    if (share !== null && !(share >= 0 && share <= 100)) { errors.push([`${at}.share`, "share-out-of-range"]); }
    if (share === null && (total === null || green === null)) { errors.push([at, "missing-quantity"]); }
    if (total !== null && green !== null && green > total && total >= 0) { errors.push([`${at}.green`, "green-exceeds-total"]); }
    clean.push({item: given.item, total, green, share});
  });
  return {errors, clean};
}

function itemResult(ruleset, groupId, item, given) {
  const scored = ruleset.kind === "scored-table";
  const threshold = scored ? item.threshold : ruleset.item_threshold;
  const high = scored ? item.max_score : 0.0;
  let share = null;
  if (given) { share = given.share !== null ? given.share : (given.total ? given.green / given.total * 100 : null); }
  const base = {id: item.id, name: item.name, group: groupId, max_score: high};
  if (share === null) {
    return {...base, used: false, share: null, score: 0.0, meets: false, shortfall: 0.0, shortfall_quantity: null};
  }
  const meets = share >= threshold;
  let score = 0.0;
  if (scored && meets) {
    const part = (Math.min(share, item.full_share) - threshold) / (item.full_share - threshold);
    score = item.min_score + part * (item.max_score - item.min_score);
  }
  const shortfall = meets ? 0.0 : threshold - share;
  let quantity = null;
  if (!meets && given.total !== null && given.green !== null) { quantity = threshold / 100 * given.total - given.green; }
  return {...base, used: true, share, score, meets, shortfall, shortfall_quantity: quantity};
}

function sum(values) {
  let total = 0;
  for (const value of values) { total += value; }
  return total;
}

export function assess(judge, ratio) {
  const reached = judge.points.filter(([r]) => ratio >= r).map(([, p]) => p);
  const following = judge.points.filter(([r]) => ratio < r).map(([r]) => r);
  return {
    ruleset: judge.id, name: judge.name, status: judge.status,
    points: reached.length ? Math.max(...reached) : 0.0,
    stars: judge.star_prerequisites.filter(([, r]) => ratio >= r).map(([star]) => star),
    next_level: following.length ? Math.min(...following) : null,
  };
}

// Returns {errors: [[field, code], ...]} or the full breakdown.
export function compute(ruleset, inputs, judges) {
  const {errors, clean} = checkInputs(ruleset, inputs);
  if (errors.length) { return {errors}; }
  const given = {};
  for (const input of clean) { given[input.item] = input; }
  const items = [];
  for (const group of ruleset.groups) {
    for (const item of group.items) { items.push(itemResult(ruleset, group.id, item, given[item.id])); }
  }
  if (!items.some((i) => i.used)) { return {errors: [["items", "no-items"]]}; }
  const groups = ruleset.groups.map((group) => {
    const mine = items.filter((i) => i.group === group.id);
    const used = mine.filter((i) => i.used);
    if (ruleset.kind === "weighted-groups") {
      const score = used.length ? group.weight * used.filter((i) => i.meets).length / used.length : 0.0;
      return {id: group.id, name: group.name, score, max_score: group.weight, used: used.length > 0};
    }
    return {id: group.id, name: group.name, score: sum(used.map((i) => i.score)),
            max_score: sum(mine.map((i) => i.max_score)), used: used.length > 0};
  });
  const counted = groups.filter((g) => g.used || ruleset.unused === "zero");
  const possible = ruleset.kind === "scored-table"
    ? sum(items.filter((i) => i.used || ruleset.unused === "zero").map((i) => i.max_score))
    : sum(counted.map((g) => g.max_score));
  const ratio = sum(counted.map((g) => g.score)) / possible * 100;
  const byId = (list) => Object.fromEntries(list.map((x) => [x.id, x]));
  return {
    ruleset: ruleset.id, ratio, items: byId(items), groups: byId(groups),
    short_items: items.filter((i) => i.used && !i.meets).map((i) => i.id),
    assessments: Object.fromEntries(judges.map((j) => [j.id, assess(j, ratio)])),
  };
}
