"""The shipped sample dataset exercises everything the site shows, and says it is sample data."""

from __future__ import annotations

from collections import Counter

import pytest

from generator import records
from generator.validation.validate import validate
from tests.support import AS_OF, SAMPLE_DATA


@pytest.fixture(scope="module")
def report():
    return validate(SAMPLE_DATA)


@pytest.fixture(scope="module")
def catalogue(report):
    return records.build(report.data, AS_OF)


def test_sample_data_is_valid(report):
    assert [p.message for p in report.problems] == []


def test_every_package_declares_whether_it_is_sample(report):
    flags = {p.descriptor["name"]: p.sample for p in report.data.packages}
    assert flags == {"jilin-green-materials-catalog": True, "jilin-green-materials-reference": False}


def test_sample_records_are_recognisably_fictitious(catalogue):
    assert all("示例" in e.name for e in catalogue.enterprises.values())
    assert all(e.credit_code[8:12] == "0000" for e in catalogue.enterprises.values())
    assert all(c.number.startswith("SL-") for c in catalogue.certificates.values())


def test_sample_size_and_spread(catalogue):
    assert len(catalogue.products) >= 150
    assert len({p.category for p in catalogue.products.values()}) >= 20
    assert len(catalogue.enterprises) >= 60
    assert {e.region for e in catalogue.enterprises.values()} == set(catalogue.regions)
    assert len(catalogue.negative_list) >= 5
    assert len(catalogue.projects) >= 3


def test_every_certificate_status_route_and_scenario_occurs(catalogue):
    assert set(Counter(c.status for c in catalogue.certificates.values())) == {"valid", "expiring", "expired", "withdrawn"}
    assert {p.route for p in catalogue.products.values()} == {"certified", "demand-standard-tested"}
    used = {s for p in catalogue.products.values() for s in p.scenarios}
    assert used == set(catalogue.scenarios)


def test_every_catalog_has_active_entries(catalogue):
    active = {e.catalog for e in catalogue.entries if e.active_on(AS_OF)}
    assert active == set(catalogue.catalogs) and len(catalogue.catalogs) == 3


def test_reference_facts(catalogue):
    codes = {r.id: r.division_code for r in catalogue.regions.values()}
    assert codes["changchun"] == "220100" and codes["yanbian"] == "222400" and codes["meihekou"] == "220581"
    assert codes["changbaishan"] is None
    certification = [k for k in catalogue.categories.values() if k.scheme == "certification"]
    assert sum(1 for k in certification if k.level == "item") == 51
    per_class = Counter(k.parent for k in certification if k.level == "item")
    assert sorted(per_class.values()) == [3, 7, 8, 8, 9, 16]
    assert catalogue.policies["jilin-2024-13"].document_number == "吉建科〔2024〕13号"
