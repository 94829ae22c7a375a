// Ranking shared by the search page and the search-quality evaluation.
// Pagefind ranks Chinese words it segmented; this re-orders the first results so
// that pages whose title holds every query term come first, then pages whose
// text holds them, keeping Pagefind's order inside each tier.
export const RERANK_WINDOW = 15;

function squash(text) {
  return (text || "").toLowerCase().replace(/[\s\u200b]+/g, "");
}

export function queryTerms(query) {
  return (query || "").toLowerCase().split(/\s+/).filter(Boolean);
}

export function tier(terms, data) {
  const title = squash(data.meta && data.meta.title);
  if (terms.every((term) => title.includes(term))) { return 0; }
  const content = squash(data.content);
  return terms.every((term) => content.includes(term) || title.includes(term)) ? 1 : 2;
}

function loaded(data) {
  return {data: () => Promise.resolve(data)};
}

// Result order for a sort: the ranked ids of one sort file (see generator/index.py). An id that two
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

async function sorted(results, rankOf) {
  const ranked = await Promise.all(results.map(async (result, index) => ({result, index, rank: await rankOf(result)})));
  return ranked.sort((a, b) => a.rank - b.rank || a.index - b.index).map((item) => item.result);
}

// Search with Pagefind and return {results, filters}; each result has data(). With ``rankOf`` (from
// sortOrder) the results come in that order, else by relevance with title matches first.
export async function rankedSearch(pagefind, query, options, rankOf) {
  const search = await pagefind.search(query || null, options || {});
  if (!search) { return null; }
  if (rankOf) { return {results: await sorted(search.results, rankOf), filters: search.filters}; }
  if (!query) { return {results: search.results, filters: search.filters}; }
  const terms = queryTerms(query);
  const head = await Promise.all(search.results.slice(0, RERANK_WINDOW).map((r) => r.data()));
  const ordered = head.map((data, index) => ({data, index, tier: tier(terms, data)}))
    .sort((a, b) => a.tier - b.tier || a.index - b.index)
    .map((item) => loaded(item.data));
  return {results: ordered.concat(search.results.slice(RERANK_WINDOW)), filters: search.filters};
}
