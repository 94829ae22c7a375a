"""Scale benchmark: build synthetic catalogs of several sizes and print where the time and memory go.

    python scripts/bench.py [--sizes 1000 5000 20000] [--full] [--json bench-results.json]

Every size is built in a fresh child process (so peak memory is per size). Figures: wall and CPU seconds
per stage, pages per second, peak memory of the build process and of Pagefind, site size, average
product page size, bytes Chromium fetches for a first search, and Frictionless' own validation time
of the same files against our validation (Frictionless plus our checks). Search bytes are bytes on the
wire, measured through a local server that compresses like GitHub Pages (gzip for text types; Pagefind's
index files, WebAssembly and images as they are).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AS_OF = dt.date(2026, 11, 25)
TARGETS = {
    "wall_20k_s": 60,
    "memory_20k_mb": 2048,
    "growth_20k_over_2k": 11,
    "validate_ratio": 1.5,
    "product_page_kb": 60,
    "first_search_kb_20k": 300,
}


def build_one(data: Path, out: Path) -> dict:
    """Run in the child: validate with Frictionless alone, then build; return the figures."""
    import frictionless

    from generator.build import build

    start = time.perf_counter()
    for descriptor in sorted(data.glob("*/datapackage.yaml")):
        report = frictionless.Package(str(descriptor)).validate()
        if not report.valid:
            raise SystemExit(f"Frictionless 认为 {descriptor} 无效")
    frictionless_alone = time.perf_counter() - start
    stats = build(data, out, as_of=AS_OF)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "seconds": stats.seconds,
        "cpu": stats.cpu,
        "pages": stats.pages,
        "indexed": stats.indexed.get("page_count"),
        "bundles": stats.indexed.get("bundles"),
        "records": stats.records,
        "peak_mb_build": round(own),
        "peak_mb_pagefind": round(children),
        "frictionless_alone_s": frictionless_alone,
    }


BUNDLE = re.compile(r"/pagefind(-\d+)?/|/search/[^?]+\.json")
"""URLs of the search bundles (one per index shard, see generator/site/index.py) and of the search page's own data
files (lexicon, hanzi table, identifier files: see generator/search/stage.py), which a first search counts when it
loads them."""


def _body_bytes(request) -> int:
    """Encoded (on the wire) body bytes of a finished Playwright request."""
    size = request.sizes()["responseBodySize"]
    response = request.response()
    if size == 0 and response is not None and response.status == 200:  # Chromium reports 0 for a worker's script
        size = int(response.header_value("content-length") or 0)
    return max(size, 0)  # negative when served from the memory cache: nothing was transferred


TIMED_QUERIES = ["岩棉", "长春 岩棉 三星级", "yanmian", "岩绵", "塗料", "海绵城市用的透水材料", "p89", "有效 热泵", "ＸＰＳ"]
"""One query of each kind, timed by the search page's own code once the index is loaded (first and second run)."""
_TIMED = """async (queries) => {
  const core = await import('../assets/search-core.js');
  const engine = await window.jlSearchEngine;
  const out = {};
  for (const q of queries) {
    const times = [];
    for (let run = 0; run < 2; run++) {
      const start = performance.now();
      const found = await core.search(engine, q, {});
      await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
      times.push(Math.round(performance.now() - start));
    }
    out[q] = times;
  }
  return out;
}"""


def first_search_bytes(site: Path, query: str = "岩棉") -> dict:
    """Bytes on the wire (gzip-encoded where GitHub Pages would compress) Chromium fetches: the whole search
    page; the query alone; and a first search, which is everything Pagefind fetches from opening the search
    page to the first results (its script, WebAssembly, metadata, filters, index chunks and result fragments).
    ``first_search_files`` lists [path below the site root, bytes] for each request in ``first_search_kb``;
    ``query_ms`` the milliseconds of one query of each kind, [first run, second run], once the index is loaded."""
    from tests.browser import launch, serve

    with serve(site, gzip=True) as base, launch() as browser:
        tab = browser.new_page()
        sizes: list[tuple[str, int]] = []
        tab.on("requestfinished", lambda request: sizes.append((request.url, _body_bytes(request))))
        tab.goto(base + "search/")
        tab.wait_for_load_state("networkidle")
        page_bytes = sum(size for _, size in sizes)
        counted = [(url, size) for url, size in sizes if BUNDLE.search(url)]
        sizes.clear()
        tab.fill("#jl-q", query)
        tab.press("#jl-q", "Enter")
        tab.wait_for_timeout(300)
        tab.wait_for_load_state("networkidle")
        tab.wait_for_selector(".jl-result", timeout=30000)
        query = list(sizes)  # a snapshot: the query bytes and the counted requests are then the same requests
        timings = tab.evaluate(_TIMED, TIMED_QUERIES)
        tab.close()
    query_bytes = sum(size for _, size in query)
    counted += query
    files = sorted(([url.removeprefix(base).split("?")[0], size] for url, size in counted), key=lambda f: (-f[1], f[0]))
    return {
        "search_page_kb": round(page_bytes / 1024, 1),
        "query_kb": round(query_bytes / 1024, 1),
        "query_ms": timings,
        "first_search_kb": round(sum(size for _, size in counted) / 1024, 1),
        "first_search_files": files,
    }


def measure(size: int, work: Path) -> dict:
    data, out = work / f"data-{size}", work / f"site-{size}"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "synth",
            "--products",
            str(size),
            "--seed",
            "7",
            "--as-of",
            AS_OF.isoformat(),
            "--out",
            str(data),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    start = time.perf_counter()
    child = subprocess.run(
        [sys.executable, __file__, "--child", str(data), str(out)], check=True, cwd=ROOT, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    products = list((out / "products").glob("*/index.html"))
    figures |= {
        "products": size,
        "wall_s": round(sum(figures["seconds"].values()), 1),
        "process_wall_s": round(wall, 1),
        "site_mb": round(sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20, 1),
        "avg_product_page_kb": round(sum(p.stat().st_size for p in products) / len(products) / 1024, 1),
        "max_product_page_kb": round(max(p.stat().st_size for p in products) / 1024, 1),
    }
    figures["pages_per_s"] = round(figures["pages"] / figures["wall_s"], 1)
    validate_s = figures["seconds"]["校验"]
    figures["validate_s"] = round(validate_s, 2)
    figures["validate_ratio"] = round(validate_s / figures["frictionless_alone_s"], 2)
    figures |= first_search_bytes(out)
    shutil.rmtree(data)
    shutil.rmtree(out)
    return figures


def table(results: list[dict]) -> str:
    stages = list(results[0]["seconds"])
    lines = [
        "| 产品数 | " + " | ".join(stages) + " | 合计（秒） | 页面/秒 | 峰值内存 MB（生成/Pagefind） | 网站 MB | "
        "产品页 KB | "
        "首次搜索 KB | Frictionless 单独校验（秒） | 校验倍数 |",
        "|" + " --- |" * (len(stages) + 10),
    ]
    for r in results:
        cells = [f"{r['seconds'][s]:.1f} / {r['cpu'][s]:.1f}" for s in stages]
        lines.append(
            f"| {r['products']} | " + " | ".join(cells) + f" | {r['wall_s']} | {r['pages_per_s']} | "
            f"{r['peak_mb_build']} / {r['peak_mb_pagefind']} | {r['site_mb']} | {r['avg_product_page_kb']} | "
            f"{r['first_search_kb']} | {r['frictionless_alone_s']:.1f} | {r['validate_ratio']} |"
        )
    return "\n".join(lines) + "\n（每个阶段：墙钟秒 / CPU 秒，CPU 含子进程）"


def by_kind(result: dict) -> list[tuple[str, int]]:
    """First-search bytes per kind of file (metadata, WebAssembly, index chunks, fragments, scripts …)."""
    kinds: dict[str, int] = {}
    for path, size in result.get("first_search_files", []):
        kind = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else path
        kinds[kind] = kinds.get(kind, 0) + size
    return sorted(kinds.items(), key=lambda item: -item[1])


def verdict(results: list[dict]) -> list[str]:
    by = {r["products"]: r for r in results}
    out = []
    if 20000 in by:
        r = by[20000]
        out.append(f"20k 全量生成 {r['wall_s']} 秒（目标 ≤ {TARGETS['wall_20k_s']}）")
        out.append(
            f"20k 峰值内存：生成进程 {r['peak_mb_build']} MB + Pagefind（最大一次）{r['peak_mb_pagefind']} MB = "
            f"{r['peak_mb_build'] + r['peak_mb_pagefind']} MB（两者同时驻留的上限；目标 ≤ {TARGETS['memory_20k_mb']}）"
        )
        if r.get("query_ms"):
            out.append(
                "20k 查询用时（毫秒，首次 / 再次，索引已载入；目标 ≤ 300）："
                + "，".join(f"{q} {a}/{b}" for q, (a, b) in r["query_ms"].items())
            )
        out.append(
            f"20k 首次搜索 {r['first_search_kb']} KB（目标 ≤ {TARGETS['first_search_kb_20k']}），"
            f"搜索索引分 {r.get('bundles', 1)} 份：" + "，".join(f"{k} {v / 1024:.1f} KB" for k, v in by_kind(r))
        )
        if 2000 in by:
            out.append(f"time(20k)/time(2k) = {r['wall_s'] / by[2000]['wall_s']:.1f}（目标 ≤ {TARGETS['growth_20k_over_2k']}）")
    for r in results:
        out.append(
            f"{r['products']}：校验 {r['validate_s']} 秒 = Frictionless 单独 {r['validate_ratio']} 倍（目标 ≤ 1.5）；"
            f"产品页最大 {r['max_product_page_kb']} KB（目标 ≤ 60）"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000, 20000])
    parser.add_argument("--full", action="store_true", help="也测 100,000 个产品")
    parser.add_argument("--json", default="bench-results.json")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(build_one(Path(args.child[0]), Path(args.child[1])), ensure_ascii=False))
        return
    sizes = args.sizes + ([100000] if args.full else [])
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        for size in sizes:
            print(f"… {size} 个产品", flush=True)
            try:
                results.append(measure(size, Path(work)))
            except subprocess.CalledProcessError as exc:  # e.g. out of memory: report it, go on with the rest
                results.append({"products": size, "failed": f"退出码 {exc.returncode}：{(exc.stderr or '')[-500:]}"})
            print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    done = [r for r in results if "failed" not in r]
    if done:
        print(table(done))
    for line in verdict(done) + [f"{r['products']}：生成失败（{r['failed']}）" for r in results if "failed" in r]:
        print(line)
    Path(args.json).write_text(
        json.dumps({"date": dt.date.today().isoformat(), "results": results, "targets": TARGETS}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    print(f"结果已写入 {args.json}")


if __name__ == "__main__":
    main()
