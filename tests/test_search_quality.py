"""The labelled query set, run through the site's own search in Chromium, meets the targets."""

from __future__ import annotations

import pytest

from tests.search_eval import evaluate, load_queries

KINDS = {"product term", "maker name", "maker short name", "region", "scenario", "certificate number",
         "credit code", "two terms"}


def test_query_set_covers_every_kind():
    queries = load_queries()
    assert len(queries) >= 60
    assert {q["kind"] for q in queries} >= KINDS
    terms = {q["query"] for q in queries}
    assert {"岩棉", "墙板", "热泵", "叠合楼板", "钢结构", "Low-E", "SBS", "长白"} <= terms


@pytest.fixture(scope="module")
def evaluation(sample_site):
    return evaluate(sample_site)


def test_recall_and_mrr_meet_the_targets(evaluation):
    assert evaluation.recall >= 0.97
    assert evaluation.mrr >= 0.85


def test_identifiers_typed_exactly_return_their_record_first(evaluation):
    assert evaluation.first_failures == []


@pytest.mark.parametrize("term", ["墙板", "热泵", "叠合楼板", "钢结构", "长白"])
def test_terms_the_pypi_build_missed_are_found(evaluation, term):
    result = next(r for r in evaluation.results if r.query == term)
    assert result.recall >= 0.8 and result.reciprocal_rank == 1.0
