"""The static JSON API (generator/opendata/api*.py): one file per record, links instead of bare ids, reference
endpoints, a JSON Schema for every kind of file, tombstones for removed records, and no build date outside
the index files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import jsonschema
import pytest

from generator import records
from generator.errors import OpenDataError
from generator.opendata import api_writer
from generator.opendata.api import api_endpoints, api_records, certificate_api_id, iter_api_records
from generator.opendata.api_schema import schemas
from generator.opendata.history import Tombstone
from generator.opendata.release import Release
from generator.validation.validate import validate
from tests.support import AS_OF, MINIMAL, SITE_NAME, SITE_URL

VERSION = "2026-11-25+abc1234"
BASE = SITE_URL
RELEASE = Release(SITE_NAME, BASE, VERSION, AS_OF)
STATUS_ON_AS_OF = {
    "P00001": "expired",  # certificate expired 2026-09-14
    "P00002": "expiring",  # 40 days left (2027-01-04)
    "P00003": "negative",
    "P00004": "negative",
    "P00011": "negative",
    "P00015": "negative",  # named in negative_list.csv
    "P00005": "negative",
    "P00016": "negative",  # their maker, 91220503000000005X, is listed as a whole (N2026-006)
    "P00006": "valid",
    "P00007": "valid",
    "P00008": "valid",
    "P00009": "valid",
    "P00010": "valid",
    "P00014": "valid",
    "P00012": "tested",
    "P00013": "tested",  # no certificate: listed through the demand standard
}
"""Each product's status in tests/fixtures/minimal on 2026-11-25, worked out by hand from its CSV files."""
STATUS_LABEL = {"valid": "有效", "expiring": "即将到期", "expired": "已过期", "negative": "负面清单", "tested": "需求标准检验"}
RECORD_META = ["permalink", "licence", "sample"]
ENDPOINTS = (
    "products",
    "enterprises",
    "certificates",
    "catalogs",
    "negative-list",
    "projects",
    "regions",
    "categories",
    "scenarios",
    "certification-bodies",
    "reason-codes",
)
RECORD_SCHEMAS = {
    "products": "product",
    "enterprises": "enterprise",
    "certificates": "certificate",
    "catalogs": "catalog",
    "negative-list": "negative-list-entry",
    "projects": "project",
    "regions": "region",
    "categories": "category",
    "scenarios": "scenario",
    "certification-bodies": "certification-body",
    "reason-codes": "reason-code",
}
REMOVED = Tombstone(
    kind="products",
    id="P00099",
    path="products/P00099/",
    label="已删除示例产品 ABC-1",
    removed_on=dt.date(2026, 3, 1),
    commit="f" * 40,
    short="fffffff",
    reason="移除 P00099：生产企业申请撤回",
    last_values={"id": "P00099", "name": "已删除示例产品", "model": "ABC-1"},
    table="products",
)


@pytest.fixture(scope="module")
def catalogue():
    result = validate(MINIMAL)
    assert result.valid
    return records.build(result.data, AS_OF)


@pytest.fixture(scope="module")
def api(catalogue):
    return api_records(catalogue, RELEASE, [REMOVED])


def schema_of(path: str, record: dict) -> str:
    """The name of the schema a file follows, told from its path (and a tombstone by its ``removed``)."""
    parts = path.split("/")
    if path == "api/index.json":
        return "index"
    if parts[-1] == "index.json":
        return f"{parts[1]}-index"
    return "tombstone" if record.get("removed") is True else RECORD_SCHEMAS[parts[1]]


def _keys(value) -> set[str]:
    """Every key of every object inside ``value``."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _links(value) -> list[str]:
    """Every ``api`` address inside ``value``."""
    if isinstance(value, dict):
        own = [value["api"]] if isinstance(value.get("api"), str) else []
        return own + [x for v in value.values() for x in _links(v)]
    if isinstance(value, list):
        return [x for v in value for x in _links(v)]
    return []


def test_api_has_one_file_per_record_and_a_schema_per_kind(api, catalogue):
    expected = {"api/index.json"} | {f"api/{name}/index.json" for name in ENDPOINTS}
    expected |= {f"api/products/{pid}.json" for pid in catalogue.products} | {"api/products/P00099.json"}
    expected |= {f"api/enterprises/{code}.json" for code in catalogue.enterprises}
    expected |= {f"api/certificates/{certificate_api_id(n)}.json" for n in catalogue.certificates}
    expected |= {f"api/catalogs/{cid}.json" for cid in catalogue.catalogs}
    expected |= {f"api/negative-list/{n.id}.json" for n in catalogue.negative_list}
    expected |= {f"api/projects/{pid}.json" for pid in catalogue.projects}
    expected |= {f"api/regions/{rid}.json" for rid in catalogue.regions}
    expected |= {f"api/categories/{code}.json" for code in catalogue.categories}
    expected |= {f"api/scenarios/{code}.json" for code in catalogue.scenarios}
    expected |= {f"api/certification-bodies/{bid}.json" for bid in catalogue.bodies}
    expected |= {f"api/reason-codes/{code}.json" for code in catalogue.reasons}
    expected |= {f"api/schemas/{name}.json" for name in schemas(BASE)}
    assert set(api) == expected
    assert "api/regions/changchun.json" in api and "api/categories/RZ-01-05.json" in api


def test_every_file_follows_its_json_schema(api):
    published = {
        path.removeprefix("api/schemas/").removesuffix(".json"): record
        for path, record in api.items()
        if path.startswith("api/schemas/")
    }
    checked = {}
    for path, record in api.items():
        if path.startswith("api/schemas/"):
            continue
        name = schema_of(path, record)
        schema = published[name]
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(record)
        checked[name] = checked.get(name, 0) + 1
    assert set(checked) == set(published)  # every schema is used, so none is left untested
    index = api["api/index.json"]
    for endpoint in index["endpoints"]:
        assert endpoint["schema"] == f"{BASE}api/schemas/{RECORD_SCHEMAS[endpoint['name']]}.json"
        assert endpoint["index_schema"] == f"{BASE}api/schemas/{endpoint['name']}-index.json"
    assert index["tombstone_schema"] == f"{BASE}api/schemas/tombstone.json"


def test_a_schema_rejects_a_wrong_record(api):
    schema = api["api/schemas/product.json"]
    product = json.loads(json.dumps(api["api/products/P00001.json"]))
    product["category"] = "RZ-01-05"  # a bare id where a link belongs
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(product, schema)
    del product["category"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(product, schema)


def test_records_carry_no_build_date_and_index_files_do(api):
    index_files = set(api["api/index.json"]["index_files"])
    assert index_files == {"api/index.json"} | {f"api/{name}/index.json" for name in ENDPOINTS}
    for path, record in api.items():
        if path.startswith("api/schemas/"):
            assert not {"version", "as_of"} & set(record)
        elif path in index_files:
            assert (record["version"], record["as_of"]) == (VERSION, "2026-11-25"), path
            assert list(record)[-5:] == [*RECORD_META, "version", "as_of"], path
        else:
            assert not {"version", "as_of", "days_left"} & _keys(record), path
            assert list(record)[-3:] == RECORD_META, path
            assert record["permalink"].startswith(BASE) and record["licence"] == "CC-BY-4.0"


def test_every_link_points_to_a_published_file(api):
    links = [link for record in api.values() for link in _links(record)]
    assert len(links) > 900
    for link in links:
        assert link.startswith(BASE + "api/")
        assert link.removeprefix(BASE) in api, link


def test_records_link_their_relations_instead_of_bare_ids(api, catalogue):
    product = api["api/products/P00001.json"]
    assert product["category"] == {
        "code": "RZ-01-05",
        "name": "保温系统材料",
        "scheme": "certification",
        "api": BASE + "api/categories/RZ-01-05.json",
    }
    assert product["enterprise"] == {
        "credit_code": "91220104000000001B",
        "name": "长春北辰示例保温材料有限公司",
        "api": BASE + "api/enterprises/91220104000000001B.json",
        "region": {"id": "changchun", "name": "长春市", "api": BASE + "api/regions/changchun.json"},
    }
    assert [s["code"] for s in product["scenarios"]] == ["green-building", "ultra-low-energy"]
    assert product["certificates"][0]["body"]["api"] == BASE + "api/certification-bodies/cabr-cc.json"
    entry = product["catalog_entries"][0]
    assert entry["catalog"]["api"] == BASE + "api/catalogs/procurement.json"
    assert entry["removal_reason"] == {
        "code": "expired",
        "name": "证书或检验报告到期",
        "api": BASE + "api/reason-codes/expired.json",
    }
    catalog = api["api/catalogs/procurement.json"]
    for row in catalog["active"] + catalog["removed"]:
        assert set(row["product"]) == {"id", "name", "api"} and set(row["enterprise"]) == {"credit_code", "name", "api"}
    assert sorted(row["product"]["id"] for row in catalog["active"]) == sorted(
        e.product for e in catalogue.entries if e.catalog == "procurement" and e.active_on(AS_OF)
    )
    negative = api["api/negative-list/N2025-001.json"]
    assert negative["product"]["api"] == BASE + "api/products/P00015.json"
    assert negative["reason"]["api"] == BASE + "api/reason-codes/fraud.json"
    assert negative["permalink"] == BASE + "negative-list/#N2025-001"


def test_reference_endpoints_list_what_uses_them(api):
    region = api["api/regions/changchun.json"]
    assert (region["name"], region["division_code"], region["kind"]) == ("长春市", "220100", "prefecture")
    assert "91220104000000001B" in [e["credit_code"] for e in region["enterprises"]]
    assert region["permalink"] == BASE + "regions/changchun/"
    category = api["api/categories/RZ-01-05.json"]
    assert category["parent"]["code"] == "RZ-01" and {"P00001", "P00002"} <= {p["id"] for p in category["products"]}
    assert "RZ-01-05" in [c["code"] for c in api["api/categories/RZ-01.json"]["children"]]
    assert api["api/categories/RZ-01.json"]["permalink"] == BASE + "categories/#RZ-01"
    assert "P00001" in [p["id"] for p in api["api/scenarios/ultra-low-energy.json"]["products"]]
    assert "SL-CABR-CC-2021-00001" in [c["number"] for c in api["api/certification-bodies/cabr-cc.json"]["certificates"]]
    fraud = api["api/reason-codes/fraud.json"]
    assert fraud["negative"] is True
    assert [n["id"] for n in fraud["negative_list"]] == ["N2025-001", "N2025-005", "N2026-006"]
    assert [e["name"] for e in api_endpoints_of(api)][-5:] == [
        "regions",
        "categories",
        "scenarios",
        "certification-bodies",
        "reason-codes",
    ]


def api_endpoints_of(api) -> list[dict]:
    return api["api/index.json"]["endpoints"]


def test_product_records_follow_the_relations(api, catalogue):
    assert {item["id"]: item["status"] for item in api["api/products/index.json"]["items"]} == STATUS_ON_AS_OF
    for pid, product in catalogue.products.items():
        record = api[f"api/products/{pid}.json"]
        enterprise = catalogue.enterprises[product.enterprise]
        assert (record["id"], record["name"], record["model"]) == (pid, product.name, product.model)
        assert (record["enterprise"]["credit_code"], record["enterprise"]["name"]) == (enterprise.credit_code, enterprise.name)
        assert record["enterprise"]["region"]["name"] == catalogue.regions[enterprise.region].name
        assert record["category"]["code"] == product.category
        assert (record["status"], record["status_label"]) == (STATUS_ON_AS_OF[pid], STATUS_LABEL[STATUS_ON_AS_OF[pid]])
        assert [c["number"] for c in record["certificates"]] == [c.number for c in catalogue.certificates_by_product.get(pid, ())]
        entries = catalogue.entries_by_product.get(pid, ())
        assert [(e["catalog"]["id"], e["batch"]["id"]) for e in record["catalog_entries"]] == [
            (e.catalog, e.batch) for e in entries
        ]
        assert [e["active"] for e in record["catalog_entries"]] == [e.active_on(AS_OF) for e in entries]
        assert [n["id"] for n in record["negative_list"]] == [n.id for n in catalogue.negative_entries_for(product)]
        assert record["permalink"] == f"{BASE}products/{pid}/"
    for code, enterprise in catalogue.enterprises.items():
        record = api[f"api/enterprises/{code}.json"]
        assert record["name"] == enterprise.name
        assert [p["id"] for p in record["products"]] == [p.id for p in catalogue.products_by_enterprise.get(code, ())]
    for pid in catalogue.projects:
        record = api[f"api/projects/{pid}.json"]
        assert [p["id"] for p in record["products"]] == [u.product for u in catalogue.project_products.get(pid, ())]
        assert 0 <= record["ratio"]["ratio"] <= 100


def test_certificate_days_left_are_in_the_index_only(api, catalogue):
    items = {item["number"]: item for item in api["api/certificates/index.json"]["items"]}
    assert items.keys() == catalogue.certificates.keys()
    first = items["SL-CABR-CC-2021-00001"]
    assert (first["expiry_date"], first["days_left"], first["status"]) == ("2026-09-14", -72, "expired")
    record = api[f"api/certificates/{certificate_api_id('SL-CABR-CC-2021-00001')}.json"]
    assert record["status"] == "expired" and "days_left" not in record
    assert record["permalink"] == BASE + "products/P00001/#cert-SL-CABR-CC-2021-00001"


def test_a_removed_record_keeps_a_json_tombstone(api):
    stone = api["api/products/P00099.json"]
    assert stone == {
        "id": "P00099",
        "name": "已删除示例产品 ABC-1",
        "removed": True,
        "removed_date": "2026-03-01",
        "reason": "移除 P00099：生产企业申请撤回",
        "commit": "f" * 40,
        "last_values": {"id": "P00099", "name": "已删除示例产品", "model": "ABC-1"},
        "permalink": BASE + "products/P00099/",
        "licence": "CC-BY-4.0",
        "sample": True,
    }
    removed = api["api/products/index.json"]["removed"]
    assert removed == [
        {"id": "P00099", "name": "已删除示例产品 ABC-1", "removed_date": "2026-03-01", "api": BASE + "api/products/P00099.json"}
    ]
    assert "P00099" not in [item["id"] for item in api["api/products/index.json"]["items"]]


def test_certificate_number_with_a_slash_gets_a_safe_file_name(catalogue):
    number = next(iter(catalogue.certificates))
    odd = "SL/CTC(2024)/07"
    certificates = {
        odd if n == number else n: dataclasses.replace(c, number=odd) if n == number else c
        for n, c in catalogue.certificates.items()
    }
    changed = catalogue.changed(certificates=certificates)
    api = api_records(changed, RELEASE)
    assert certificate_api_id(odd) == "SL~CTC(2024)~07"
    record = api["api/certificates/SL~CTC(2024)~07.json"]
    assert record["number"] == odd and record["id"] == "SL~CTC(2024)~07"
    assert all(path.count("/") <= 2 for path in api)


def test_endpoint_table_matches_the_index(api, catalogue):
    endpoints = api_endpoints(catalogue)
    assert [e["name"] for e in endpoints] == list(ENDPOINTS)
    assert api["api/index.json"]["counts"] == {e["name"]: e["count"] for e in endpoints}
    assert api["api/index.json"]["counts"]["products"] == len(catalogue.products)


def test_streamed_records_are_the_same_as_the_dict(api, catalogue):
    streamed = list(iter_api_records(catalogue, RELEASE, [REMOVED]))
    assert [path for path, _ in streamed] == list(api)
    assert dict(streamed) == api


def test_json_files_are_compact_deterministic_utf8(api, catalogue, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert api_writer.write_api(first, api.items()) == len(api)
    api_writer.write_api(second, iter_api_records(catalogue, RELEASE, [REMOVED]))
    for path in api:
        data = (first / path).read_bytes()
        assert data == (second / path).read_bytes(), path
        assert data.endswith(b"}\n") and data.count(b"\n") == 1
        assert json.loads(data) == api[path]
    text = (first / "api/index.json").read_text(encoding="utf-8")
    assert "产品" in text and '", "' not in text and '": ' not in text
    api_writer.write_json(tmp_path / "one" / "x.json", {"名称": "绿色建材", "日期": "2026-11-25"})
    assert (tmp_path / "one" / "x.json").read_bytes() == '{"名称":"绿色建材","日期":"2026-11-25"}\n'.encode()


@pytest.mark.parametrize("processes", [1, 2])
def test_write_api_files_writes_the_same_bytes(api, catalogue, tmp_path, processes):
    out = tmp_path / "site"
    assert api_writer.write_api_files(out, catalogue, RELEASE, processes=processes, tombstones=[REMOVED]) == len(api)
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    assert written == sorted(api)
    for path, record in api.items():
        assert (out / path).read_bytes() == api_writer.dumps(record).encode("utf-8"), path


def test_write_api_refuses_duplicate_and_escaping_paths(tmp_path):
    with pytest.raises(OpenDataError, match="duplicate"):
        api_writer.write_api(tmp_path, [("api/a.json", {}), ("api/a.json", {})])
    for bad in ("../a.json", "/etc/a.json", "api//a.json", "api/./a.json", ""):
        with pytest.raises(OpenDataError, match="越出"):
            api_writer.write_api(tmp_path, [(bad, {})])
    assert not (tmp_path.parent / "a.json").exists()
