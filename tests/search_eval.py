"""Search-quality evaluation: the labelled queries run in Chromium through the site's own
search code (Pagefind's JS API plus assets/search-core.js).

`python -m tests.search_eval [BINARY ...]` (the `search_eval` nox session) builds the
sample site once, indexes it with each candidate Pagefind binary and prints
recall@10, MRR and the misses per query. The test suite runs the same
evaluation with the pinned binary and asserts the targets.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.build import build
from generator.site.index import index_site
from tests.browser import launch, serve
from tests.support import AS_OF, ROOT, SAMPLE_DATA

QUERIES = Path(__file__).with_name("search_queries.yaml")
TOP = 10
_RUN_ALL = """async ([queries, TOP]) => {
  const core = await import('/assets/search-core.js');
  const engine = await window.jlSearchEngine;
  const out = {};
  for (const q of queries) {
    const found = await core.search(engine, q, {});
    const top = await Promise.all(found.results.slice(0, TOP).map((r) => r.data()));
    out[q] = top.map((d) => d.url);
  }
  return out;
}"""


@dataclass
class QueryResult:
    query: str
    kind: str
    recall: float
    reciprocal_rank: float
    first_required: bool
    missed: list[str] = field(default_factory=list)


@dataclass
class Evaluation:
    results: list[QueryResult]

    @property
    def recall(self) -> float:
        return sum(r.recall for r in self.results) / len(self.results)

    @property
    def mrr(self) -> float:
        return sum(r.reciprocal_rank for r in self.results) / len(self.results)

    def by_kind(self) -> dict[str, Evaluation]:
        kinds: dict[str, list[QueryResult]] = {}
        for r in self.results:
            kinds.setdefault(r.kind, []).append(r)
        return {kind: Evaluation(results) for kind, results in kinds.items()}

    @property
    def first_failures(self) -> list[str]:
        return [r.query for r in self.results if r.first_required and r.reciprocal_rank < 1]


def load_queries() -> list[dict]:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))


def evaluate(site: Path, queries: list[dict] | None = None) -> Evaluation:
    """Run every query against the Pagefind index of ``site``."""
    queries = queries or load_queries()
    with serve(site) as base, launch() as browser:
        page = browser.new_page()
        page.goto(base + "search/")
        hits = page.evaluate(_RUN_ALL, [[q["query"] for q in queries], TOP])
        page.close()
    results = []
    for q in queries:
        top, relevant = hits[q["query"]], set(q["relevant"])
        found = [url for url in top if url in relevant]
        rank = next((i + 1 for i, url in enumerate(top) if url in relevant), None)
        wanted = min(TOP, len(relevant))
        missed = [url for url in q["relevant"] if url not in top][:3] if len(found) < wanted else []
        results.append(
            QueryResult(q["query"], q["kind"], len(found) / wanted, 1 / rank if rank else 0.0, bool(q.get("first")), missed)
        )
    return Evaluation(results)


def report(label: str, evaluation: Evaluation) -> str:
    lines = [
        f"== {label}",
        f"queries {len(evaluation.results)}  recall@{TOP} {evaluation.recall:.3f}  "
        f"MRR {evaluation.mrr:.3f}  exact identifiers not first: {len(evaluation.first_failures)}",
        f"  {'kind':<20} {'queries':>7} {'recall@' + str(TOP):>10} {'MRR':>6}",
    ]
    for kind, part in evaluation.by_kind().items():
        lines.append(f"  {kind:<20} {len(part.results):>7} {part.recall:>10.3f} {part.mrr:>6.3f}")
    for r in evaluation.results:
        if r.recall < 1 or (r.first_required and r.reciprocal_rank < 1):
            lines.append(
                f"  miss [{r.kind}] {r.query!r}: recall {r.recall:.2f}, RR {r.reciprocal_rank:.2f}"
                + (f", missing {', '.join(r.missed)}" if r.missed else "")
            )
    return "\n".join(lines)


def candidates() -> dict[str, Path]:
    """The Pagefind binaries to compare: npm 1.6.0 (extended and plain) and PyPI's 1.5.x extended."""
    from generator.site.index import pagefind_binary

    found = {"npm pagefind 1.6.0 extended (pinned)": pagefind_binary()}
    plain = pagefind_binary().with_name("pagefind")
    if plain.exists():
        found["npm pagefind 1.6.0 (not extended)"] = plain
    try:
        from pagefind_bin_extended import get_executable

        found["PyPI pagefind-bin-extended 1.5.x"] = Path(get_executable())
    except ImportError:
        print("PyPI pagefind-bin-extended is not installed; skipping it", file=sys.stderr)
    return found


def main(argv: list[str]) -> int:
    binaries = {Path(a).name: Path(a) for a in argv} or candidates()
    figures = {}
    with tempfile.TemporaryDirectory() as work:
        base = Path(work) / "site"
        build(SAMPLE_DATA, base, as_of=AS_OF)
        for label, binary in binaries.items():
            site = Path(work) / f"site-{len(figures)}"
            shutil.copytree(base, site, ignore=shutil.ignore_patterns("pagefind"))
            os.environ["PAGEFIND_BINARY_PATH"] = str(binary)
            try:
                index_site(site)
            finally:
                os.environ.pop("PAGEFIND_BINARY_PATH", None)
            evaluation = evaluate(site)
            print(report(f"{label}: {binary}", evaluation), flush=True)
            figures[label] = {
                "recall_at_10": round(evaluation.recall, 4),
                "mrr": round(evaluation.mrr, 4),
                "by_kind": {
                    kind: {"queries": len(part.results), "recall_at_10": round(part.recall, 4), "mrr": round(part.mrr, 4)}
                    for kind, part in evaluation.by_kind().items()
                },
                "exact_not_first": evaluation.first_failures,
                "binary": str(binary),
            }
    out = ROOT / "test-artifacts" / "search_eval.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"figures written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
