"""Synthetic data is deterministic and always valid."""

from __future__ import annotations

import datetime as dt

from generator.synth import SynthOptions, write_dataset
from generator.validation.validate import validate


def _digest(folder):
    return {p.name: p.read_bytes() for p in sorted((folder / "catalog").glob("*.csv"))}


def test_same_seed_same_files(tmp_path):
    options = SynthOptions(products=60, enterprises=15, seed=3, as_of=dt.date(2026, 11, 25))
    write_dataset(options, tmp_path / "a")
    write_dataset(options, tmp_path / "b")
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")


def test_generated_data_validates_at_another_size_and_date(tmp_path):
    options = SynthOptions(products=400, enterprises=100, seed=11, as_of=dt.date(2027, 3, 1))
    counts = write_dataset(options, tmp_path)
    report = validate(tmp_path)
    assert [p.message for p in report.problems] == []
    assert counts["products"] == 400 and counts["enterprises"] == 100
