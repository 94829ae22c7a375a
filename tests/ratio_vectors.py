"""Shared reading and checking of tests/ratio_vectors.yaml."""

from __future__ import annotations

import math
from dataclasses import asdict
from pathlib import Path

import yaml

from generator.ratio.compute import ItemInput, KindInput, RatioInputError, compute

VECTORS = yaml.safe_load(Path(__file__).with_name("ratio_vectors.yaml").read_text(encoding="utf-8"))


def _same(wrong: list, label: str, want, got) -> None:
    if isinstance(want, dict):
        for key, value in want.items():
            _same(wrong, f"{label}.{key}", value, got.get(key) if isinstance(got, dict) else None)
        return
    if isinstance(want, list) and want and isinstance(want[0], dict):
        if not isinstance(got, list) or len(got) != len(want):
            wrong.append(f"{label}: want {len(want)} entries, got {got!r}")
            return
        for n, (w, g) in enumerate(zip(want, got, strict=True)):
            _same(wrong, f"{label}[{n}]", w, g)
        return
    if isinstance(want, bool) or want is None or isinstance(want, list | str):
        ok = want == got
    else:
        ok = isinstance(got, int | float) and not isinstance(got, bool) and math.isclose(want, got, rel_tol=0, abs_tol=1e-9)
    if not ok:
        wrong.append(f"{label}: want {want!r}, got {got!r}")


def mismatches(vector: dict, outcome: dict) -> list[str]:
    """Compare a computed outcome (plain dict, as the page returns it) with a vector's expectations."""
    if "errors" in vector:
        got = [list(e[:2]) for e in outcome.get("errors", [])]
        return [] if got == [list(e) for e in vector["errors"]] else [f"errors {got} != {vector['errors']}"]
    if outcome.get("errors"):
        return [f"unexpected errors {outcome['errors']}"]
    wrong: list[str] = []
    expect = vector["expect"]
    _same(wrong, "ratio", expect["ratio"], outcome["ratio"])
    for kind in ("items", "groups"):
        for key, fields in expect.get(kind, {}).items():
            _same(wrong, f"{kind}.{key}", fields, outcome[kind][key])
    for key in ("short_items", "unused_groups"):
        if key in expect:
            _same(wrong, key, expect[key], outcome[key])
    for name in ("points", "stars", "next_level"):
        for judge, want in expect.get(name, {}).items():
            _same(wrong, f"{name}.{judge}", want, outcome["assessments"][judge][name])
    return wrong


def _input(entry: dict) -> ItemInput:
    kinds = None
    if "kinds" in entry:
        kinds = tuple(
            KindInput(k.get("name"), k.get("total"), k.get("green"), k.get("share"), k.get("unit")) for k in entry["kinds"]
        )
    return ItemInput(entry["item"], entry.get("total"), entry.get("green"), entry.get("share"), entry.get("unit"), kinds)


def outcome(catalogue, vector) -> dict:
    """The library's answer in the same plain shape the calculator page returns."""
    ruleset = catalogue.rulesets[vector["ruleset"]]
    try:
        result = compute(ruleset, [_input(i) for i in vector["items"]], catalogue.threshold_tables)
    except RatioInputError as exc:
        return {"errors": [list(e) for e in exc.errors]}
    return {
        "ratio": result.ratio,
        "items": {i.id: asdict(i) for i in result.items},
        "groups": {g.id: asdict(g) for g in result.groups},
        "short_items": [i.id for i in result.short_items],
        "unused_groups": result.unused_groups,
        "assessments": {a.ruleset: asdict(a) for a in result.assessments},
    }
