"""The search vocabulary (search_terms.csv, search_stop_words.csv): every dictionary target is written as the
catalogue writes it, and no stop word hides a catalogue word (see CONTRIBUTING 3.9)."""

from __future__ import annotations

from collections.abc import Iterator

from .load import DataSet
from .problems import Problem

TABLES = {"search_terms", "search_stop_words", "products", "categories", "scenarios", "regions"}
"""The tables the rule reads: it runs only when all of them have their columns."""


def check(data: DataSet, known=()) -> Iterator[Problem]:
    """Problems of the vocabulary; a target is not blamed while a name it could match has a problem of its own."""
    t = data.tables
    names_broken = any(
        file == t[name].file and field == "name" for file, _, field in known for name in ("products", "categories", "scenarios")
    )
    names = set().union(*(t[name].values("name") for name in ("products", "categories", "scenarios")))
    terms, stops = t["search_terms"], t["search_stop_words"]
    stop_words = stops.values("word")
    for row in terms.rows:
        term = row["term"]
        for target in (row["targets"] or "").split(";"):
            if target and not names_broken and not any(target in name for name in names):
                yield Problem(
                    terms.file,
                    row.line,
                    "targets",
                    "search-vocabulary",
                    f"目标词“{target}”不在任何产品名称、产品分类名称或应用场景名称中，搜索不到它。",
                    "检查目标词的写法，要和产品、分类或场景名称中的写法一致；若已没有这样的产品，删去这个目标词（或整行）。",
                )
            elif target and target == term:
                yield Problem(
                    terms.file,
                    row.line,
                    "targets",
                    "search-vocabulary",
                    f"目标词“{target}”与常用叫法相同。",
                    "目标词要写目录里的正式名称，和常用叫法不同；相同时删去这个目标词。",
                )
        if term in stop_words:
            yield Problem(
                terms.file,
                row.line,
                "term",
                "search-vocabulary",
                f"“{term}”同时是停用词（search_stop_words.csv），搜索时会被忽略。",
                "从 search_stop_words.csv 删去这个词，或从词典删去这一行。",
            )
    catalogue_words = names | t["regions"].values("name")
    for row in stops.rows:
        if row["word"] in catalogue_words:
            yield Problem(
                stops.file,
                row.line,
                "word",
                "search-vocabulary",
                f"停用词“{row['word']}”是目录中的名称，搜索时不能忽略它。",
                "从 search_stop_words.csv 删去这一行。",
            )
