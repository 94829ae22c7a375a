"""Shared reading and checking of tests/ratio_vectors.yaml."""

from __future__ import annotations

import math
from dataclasses import asdict
from pathlib import Path

import yaml

from generator.ratio import ItemInput, RatioInputError, compute

VECTORS = yaml.safe_load(Path(__file__).with_name("ratio_vectors.yaml").read_text(encoding="utf-8"))


def mismatches(vector: dict, outcome: dict) -> list[str]:
    """Compare a computed outcome (plain dict, as the page returns it) with a vector's expectations."""
    if "errors" in vector:
        got = [list(e) for e in outcome.get("errors", [])]
        return [] if got == [list(e) for e in vector["errors"]] else [f"errors {got} != {vector['errors']}"]
    if outcome.get("errors"):
        return [f"unexpected errors {outcome['errors']}"]
    wrong = []

    def same(label, want, got):
        if isinstance(want, bool) or want is None or isinstance(want, list | str):
            ok = want == got
        else:
            ok = got is not None and math.isclose(want, got, rel_tol=0, abs_tol=1e-9)
        if not ok:
            wrong.append(f"{label}: want {want!r}, got {got!r}")

    expect = vector["expect"]
    same("ratio", expect["ratio"], outcome["ratio"])
    for kind in ("items", "groups"):
        for key, fields in expect.get(kind, {}).items():
            for name, want in fields.items():
                same(f"{kind}.{key}.{name}", want, outcome[kind][key][name])
    if "short_items" in expect:
        same("short_items", expect["short_items"], outcome["short_items"])
    for judge, want in expect.get("points", {}).items():
        same(f"points.{judge}", want, outcome["assessments"][judge]["points"])
    for judge, want in expect.get("stars", {}).items():
        same(f"stars.{judge}", want, outcome["assessments"][judge]["stars"])
    for judge, want in expect.get("next_level", {}).items():
        same(f"next_level.{judge}", want, outcome["assessments"][judge]["next_level"])
    return wrong


def outcome(catalogue, vector) -> dict:
    """The library's answer in the same plain shape the calculator page returns."""
    ruleset = catalogue.rulesets[vector["ruleset"]]
    inputs = [ItemInput(i["item"], i.get("total"), i.get("green"), i.get("share")) for i in vector["items"]]
    try:
        result = compute(ruleset, inputs, catalogue.threshold_tables)
    except RatioInputError as exc:
        return {"errors": [[field, code] for field, code, _ in exc.errors]}
    return {"ratio": result.ratio, "items": {i.id: asdict(i) for i in result.items},
            "groups": {g.id: asdict(g) for g in result.groups}, "short_items": [i.id for i in result.short_items],
            "assessments": {a.ruleset: asdict(a) for a in result.assessments}}
