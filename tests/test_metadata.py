"""The static JSON API, JSON-LD, DCAT, sitemaps, citations and CITATION.cff (generator/opendata/)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest
import yaml

from generator import records
from generator.errors import OpenDataError
from generator.opendata import api_writer
from generator.opendata.api import api_records, certificate_api_id, iter_api_records
from generator.opendata.citation import citation
from generator.opendata.dcat import dcat_catalog
from generator.opendata.jsonld import catalog_jsonld, dataset_jsonld
from generator.opendata.release import Release
from generator.opendata.sitemap import sitemap, sitemaps
from generator.site.templates import script_json
from generator.validation.validate import validate
from tests.support import AS_OF, MINIMAL, ROOT, SITE_NAME, SITE_URL

VERSION = "2026-11-25+abc1234"
BASE = SITE_URL
RECORD_META = ("version", "as_of", "licence", "permalink", "sample")
STATUS_ON_AS_OF = {
    "P00001": "expired",  # certificate expired 2026-09-14
    "P00002": "expiring",  # 40 days left (2027-01-04)
    "P00003": "negative", "P00004": "negative", "P00011": "negative", "P00015": "negative",  # named in negative_list.csv
    "P00005": "negative", "P00016": "negative",  # their maker, 91220503000000005X, is listed as a whole (N2026-006)
    "P00006": "valid", "P00007": "valid", "P00008": "valid", "P00009": "valid", "P00010": "valid", "P00014": "valid",
    "P00012": "tested", "P00013": "tested",  # no certificate: listed through the demand standard
}
"""Each product's status in tests/fixtures/minimal on 2026-11-25, worked out by hand from its CSV files."""
STATUS_LABEL = {"valid": "有效", "expiring": "即将到期", "expired": "已过期", "negative": "负面清单", "tested": "需求标准检验"}
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RELEASE = Release(SITE_NAME, BASE, VERSION, AS_OF)


@pytest.fixture(scope="module")
def data():
    result = validate(MINIMAL)
    assert result.valid
    return result.data


@pytest.fixture(scope="module")
def catalogue(data):
    return records.build(data, AS_OF)


@pytest.fixture(scope="module")
def api(catalogue):
    return api_records(catalogue, RELEASE)


@pytest.fixture(scope="module")
def packages(data):
    return {p.descriptor["name"]: p.descriptor for p in data.packages}


def _download(file: str, dataset: str, fmt: str, media_type: str) -> dict:
    """A download as generator.downloads describes it."""
    return {"file": file, "dataset": dataset, "title": "数据表", "format": fmt, "media_type": media_type, "bytes": 2048,
            "rows": 20, "sha256": "0f" * 32}


DOWNLOADS = [
    _download("products.csv", "products", "CSV（UTF-8 BOM）", "text/csv; charset=utf-8"),
    _download("products.json", "products", "JSON", "application/json"),
    _download("regions.csv", "regions", "CSV（UTF-8 BOM）", "text/csv; charset=utf-8"),
    _download("jilin-green-materials.sqlite", "all", "SQLite", "application/vnd.sqlite3"),
]


# --------------------------------------------------------------------------- static JSON API

def test_api_has_one_file_per_record(api, catalogue):
    expected = {"api/index.json", "api/products/index.json", "api/enterprises/index.json", "api/certificates/index.json",
                "api/catalogs/index.json", "api/negative-list.json", "api/projects/index.json"}
    expected |= {f"api/products/{pid}.json" for pid in catalogue.products}
    expected |= {f"api/enterprises/{code}.json" for code in catalogue.enterprises}
    expected |= {f"api/certificates/{certificate_api_id(n)}.json" for n in catalogue.certificates}
    expected |= {f"api/catalogs/{cid}.json" for cid in catalogue.catalogs}
    expected |= {f"api/projects/{pid}.json" for pid in catalogue.projects}
    assert set(api) == expected


def test_every_api_file_carries_version_licence_and_permalink(api, catalogue):
    for path, record in api.items():
        assert all(key in record for key in RECORD_META), path
        assert (record["version"], record["as_of"], record["licence"]) == (VERSION, "2026-11-25", "CC-BY-4.0")
        assert record["sample"] is catalogue.sample
        assert record["permalink"].startswith(BASE)
        assert list(record)[-len(RECORD_META):] == ["permalink", "version", "as_of", "licence", "sample"]


def test_indexes_list_every_id(api, catalogue):
    def listed(path, key):
        return [item[key] for item in api[path]["items"]]

    assert listed("api/products/index.json", "id") == list(catalogue.products)
    assert listed("api/enterprises/index.json", "credit_code") == list(catalogue.enterprises)
    assert listed("api/certificates/index.json", "number") == list(catalogue.certificates)
    assert listed("api/catalogs/index.json", "id") == list(catalogue.catalogs)
    assert listed("api/projects/index.json", "id") == list(catalogue.projects)
    assert listed("api/negative-list.json", "id") == [n.id for n in catalogue.negative_list]
    for item in api["api/products/index.json"]["items"]:
        assert set(item) == {"id", "name", "category", "enterprise", "status", "url", "api"}
        assert item["api"] == f"{BASE}api/products/{item['id']}.json"
        assert item["url"] == f"{BASE}products/{item['id']}/"
    assert {item["id"]: item["status"] for item in api["api/products/index.json"]["items"]} == STATUS_ON_AS_OF
    counts = api["api/index.json"]["counts"]
    assert counts["products"] == len(catalogue.products) and counts["certificates"] == len(catalogue.certificates)
    templates = {e["name"]: e.get("record_path") for e in api["api/index.json"]["endpoints"]}
    assert templates["products"] == "api/products/{id}.json" and templates["negative-list"] is None


def test_product_records_follow_the_relations(api, catalogue):
    for pid, product in catalogue.products.items():
        record = api[f"api/products/{pid}.json"]
        enterprise = catalogue.enterprises[product.enterprise]
        assert (record["id"], record["name"], record["model"]) == (pid, product.name, product.model)
        assert record["enterprise"]["credit_code"] == enterprise.credit_code
        assert record["enterprise"]["name"] == enterprise.name
        assert record["enterprise"]["region"]["name"] == catalogue.regions[enterprise.region].name
        assert record["category"] == {"code": product.category, "name": catalogue.categories[product.category].name,
                                      "scheme": catalogue.categories[product.category].scheme}
        assert (record["status"], record["status_label"]) == (STATUS_ON_AS_OF[pid], STATUS_LABEL[STATUS_ON_AS_OF[pid]])
        assert [c["number"] for c in record["certificates"]] == [c.number for c in catalogue.certificates_by_product.get(pid, ())]
        for cert in record["certificates"]:
            assert cert["status"] == catalogue.certificates[cert["number"]].status
        entries = catalogue.entries_by_product.get(pid, ())
        assert [(e["catalog"], e["batch"]) for e in record["catalog_entries"]] == [(e.catalog, e.batch) for e in entries]
        assert [e["active"] for e in record["catalog_entries"]] == [e.active_on(AS_OF) for e in entries]
        assert [n["id"] for n in record["negative_list"]] == [n.id for n in catalogue.negative_entries_for(product)]
        assert [i["indicator"] for i in record["indicators"]] == [i.indicator for i in catalogue.indicators.get(pid, ())]
        assert record["permalink"] == f"{BASE}products/{pid}/"


def test_certificate_and_enterprise_records(api, catalogue):
    statuses = {cert.status for cert in catalogue.certificates.values()}
    assert {"valid", "withdrawn"} <= statuses  # the fixture has both, so the status below is really checked
    for number, cert in catalogue.certificates.items():
        record = api[f"api/certificates/{certificate_api_id(number)}.json"]
        assert (record["number"], record["status"], record["days_left"]) == (number, cert.status, cert.days_left)
        assert record["expiry_date"] == cert.expiry_date.isoformat()
        assert record["product"]["id"] == cert.product
        assert record["enterprise"]["name"] == catalogue.enterprises[catalogue.products[cert.product].enterprise].name
        assert record["permalink"] == f"{BASE}products/{cert.product}/#{cert.slug}"
    for code, enterprise in catalogue.enterprises.items():
        record = api[f"api/enterprises/{code}.json"]
        assert record["name"] == enterprise.name
        assert [p["id"] for p in record["products"]] == [p.id for p in catalogue.products_by_enterprise.get(code, ())]


def test_catalog_and_project_records(api, catalogue):
    for cid in catalogue.catalogs:
        record = api[f"api/catalogs/{cid}.json"]
        active = sorted(e.product for e in catalogue.entries if e.catalog == cid and e.active_on(AS_OF))
        assert sorted(row["product"] for row in record["active"]) == active
        assert record["active_count"] == len(active)
        assert {b["id"] for b in record["batches"]} == {b.id for b in catalogue.batches.values() if b.catalog == cid}
    for pid in catalogue.projects:
        record = api[f"api/projects/{pid}.json"]
        assert [p["id"] for p in record["products"]] == [u.product for u in catalogue.project_products.get(pid, ())]
        assert 0 <= record["ratio"]["ratio"] <= 100


def test_certificate_number_with_a_slash_gets_a_safe_file_name(catalogue):
    number = next(iter(catalogue.certificates))
    odd = "SL/CTC(2024)/07"
    certificates = {odd if n == number else n: dataclasses.replace(c, number=odd) if n == number else c
                    for n, c in catalogue.certificates.items()}
    changed = catalogue.changed(certificates=certificates)
    api = api_records(changed, RELEASE)
    assert certificate_api_id(odd) == "SL~CTC(2024)~07"
    record = api["api/certificates/SL~CTC(2024)~07.json"]
    assert record["number"] == odd and record["id"] == "SL~CTC(2024)~07"
    assert all(path.count("/") <= 2 for path in api)


def test_streamed_records_are_the_same_as_the_dict(api, catalogue):
    streamed = list(iter_api_records(catalogue, RELEASE))
    assert [path for path, _ in streamed] == list(api)
    assert dict(streamed) == api


def test_json_files_are_compact_deterministic_utf8(api, catalogue, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert api_writer.write_api(first, api.items()) == len(api)
    api_writer.write_api(second, iter_api_records(catalogue, RELEASE))
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
    assert api_writer.write_api_files(out, catalogue, RELEASE, processes=processes) == len(api)
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


# --------------------------------------------------------------------------- schema.org and DCAT

def _dataset(packages, name="products", downloads=DOWNLOADS[:2], page="data/products/"):
    package = next(p for p in packages.values() if any(r["name"] == name for r in p["resources"]))
    resource = next(r for r in package["resources"] if r["name"] == name)
    return dataset_jsonld(RELEASE, package, resource, downloads=downloads, page_path=page)


def test_dataset_jsonld_has_the_schema_org_fields(packages):
    dataset = _dataset(packages)
    assert dataset["@context"] == "https://schema.org" and dataset["@type"] == "Dataset"
    assert dataset["url"] == BASE + "data/products/" and dataset["@id"].startswith(dataset["url"])
    assert "产品" in dataset["name"] and len(dataset["description"]) >= 50
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["creator"]["@type"] == "Organization" and dataset["creator"]["name"] == "吉林省绿色建材开放数据"
    assert dataset["publisher"]["name"] == "吉林省绿色建材开放数据"
    assert (dataset["dateModified"], dataset["version"], dataset["inLanguage"]) == ("2026-11-25", VERSION, "zh-CN")
    assert dataset["spatialCoverage"]["name"] == "吉林省" and dataset["isAccessibleForFree"] is True
    assert dataset["includedInDataCatalog"]["@type"] == "DataCatalog"
    fields = next(r for p in packages.values() for r in p["resources"] if r["name"] == "products")["schema"]["fields"]
    assert [v["name"] for v in dataset["variableMeasured"]] == [f["title"] for f in fields]
    assert len(dataset["distribution"]) == 2
    for download, distribution in zip(DOWNLOADS[:2], dataset["distribution"], strict=True):
        assert distribution["@type"] == "DataDownload"
        assert distribution["contentUrl"] == BASE + "data/" + download["file"]
        assert distribution["encodingFormat"] == download["media_type"]


def test_catalog_jsonld_lists_the_datasets(packages):
    datasets = [_dataset(packages), _dataset(packages, "regions", DOWNLOADS[2:3], "data/regions/")]
    catalog = catalog_jsonld(RELEASE, list(packages.values()), datasets)
    assert catalog["@context"] == "https://schema.org" and catalog["@type"] == "DataCatalog"
    assert catalog["url"] == BASE and catalog["name"] == "吉林省绿色建材开放数据" and catalog["description"]
    assert (catalog["version"], catalog["dateModified"]) == (VERSION, "2026-11-25")
    assert [d["url"] for d in catalog["dataset"]] == [BASE + "data/products/", BASE + "data/regions/"]
    for entry in catalog["dataset"]:
        assert {"name", "url", "license", "description"} <= set(entry)
    assert "示例数据" in catalog["description"]  # the catalog package is marked sample


@pytest.mark.parametrize("options", [{}, {"sort_keys": True, "compact": False}])
def test_script_json_cannot_end_the_element(options):
    hostile = {"name": '产品</script><script>alert("x")</script><!-- & -->\n第二行\u2028\u2029'}
    text = script_json(hostile, **options)
    assert "</script" not in text.lower() and "<" not in text and ">" not in text and "&" not in text
    assert "\n" not in text and "\r" not in text and "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == hostile


def test_script_json_layouts():
    assert script_json({"b": 1, "a": [1, 2]}) == '{"b":1,"a":[1,2]}'
    assert script_json({"b": 1, "a": [1, 2]}, sort_keys=True, compact=False) == '{"a": [1, 2], "b": 1}'


def test_dcat_catalog_has_datasets_and_distributions(packages):
    dcat = dcat_catalog(RELEASE, list(packages.values()), downloads=DOWNLOADS, landing_pages={"products": "data/products/"})
    context = dcat["@context"]
    assert context["dcat"] == "http://www.w3.org/ns/dcat#" and context["dct"] == "http://purl.org/dc/terms/"
    assert context["spdx"] == "http://spdx.org/rdf/terms#"
    assert dcat["@type"] == "dcat:Catalog" and dcat["dct:title"]["@value"] == "吉林省绿色建材开放数据"
    datasets = {d["dct:identifier"]: d for d in dcat["dcat:dataset"]}
    resources = {f"{p['name']}/{r['name']}" for p in packages.values() for r in p["resources"]}
    assert set(datasets) == resources | {"all"}
    for dataset in datasets.values():
        assert dataset["@type"] == "dcat:Dataset"
        assert {"dct:title", "dct:description", "dct:license", "dct:issued", "dct:modified", "dcat:distribution"} <= set(dataset)
    products = datasets["jilin-green-materials-catalog/products"]
    assert products["dcat:landingPage"]["@id"] == BASE + "data/products/"
    distributions = products["dcat:distribution"]
    assert [d["dcat:downloadURL"]["@id"] for d in distributions] == [BASE + "data/products.csv", BASE + "data/products.json"]
    csv = distributions[0]
    assert csv["dcat:mediaType"]["@id"].endswith("/text/csv")
    assert csv["dct:format"]["@id"].endswith("/file-type/CSV") and csv["dcat:byteSize"] == 2048
    assert csv["spdx:checksum"]["spdx:checksumValue"] == "0f" * 32
    assert datasets["jilin-green-materials-reference/regions"]["dcat:distribution"][0]["dct:format"]["@id"].endswith("CSV")
    sqlite = datasets["all"]["dcat:distribution"][0]
    assert sqlite["dcat:mediaType"]["@id"].endswith("/application/vnd.sqlite3") and sqlite["dct:format"] == "SQLite"
    json.dumps(dcat)  # serialisable as it is written to data/catalog.dcat.jsonld
    with pytest.raises(OpenDataError, match="nowhere"):
        dcat_catalog(RELEASE, list(packages.values()), downloads=[_download("x.csv", "nowhere", "csv", "text/csv")])


# --------------------------------------------------------------------------- sitemaps

def _xml(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))  # noqa: S314 - the generator's own output, not untrusted input


def test_sitemap_lists_every_url_once_escaped():
    paths = ["", "products/P00001/", "search/?q=a&b=c", "products/P00001/", "/regions/changchun/"]
    text = sitemap(paths, base_url=BASE, lastmod=AS_OF)
    root = _xml(text)
    assert root.tag == f"{SITEMAP}urlset"
    urls = [u.findtext(f"{SITEMAP}loc") for u in root]
    assert urls == [BASE, BASE + "products/P00001/", BASE + "search/?q=a&b=c", BASE + "regions/changchun/"]
    assert {u.findtext(f"{SITEMAP}lastmod") for u in root} == {"2026-11-25"}
    assert "&amp;" in text
    assert sitemap(reversed(paths[:3]), base_url=BASE, lastmod=AS_OF) != text
    assert sitemap(paths, base_url=BASE.rstrip("/"), lastmod=AS_OF) == text


def test_sitemaps_split_at_50000_urls():
    paths = [f"products/P{n:06d}/" for n in range(50_001)]
    single = sitemaps(paths[:50_000], base_url=BASE, lastmod=AS_OF)
    assert list(single) == ["sitemap.xml"]
    assert len(_xml(single["sitemap.xml"])) == 50_000
    split = sitemaps(paths, base_url=BASE, lastmod=AS_OF)
    assert list(split) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]
    index = _xml(split["sitemap.xml"])
    assert index.tag == f"{SITEMAP}sitemapindex"
    assert [s.findtext(f"{SITEMAP}loc") for s in index] == [BASE + "sitemap-1.xml", BASE + "sitemap-2.xml"]
    parts = [_xml(split[name]) for name in ("sitemap-1.xml", "sitemap-2.xml")]
    assert [len(part) for part in parts] == [50_000, 1]
    assert parts[1][0].findtext(f"{SITEMAP}loc") == BASE + "products/P050000/"
    with pytest.raises(OpenDataError, match="sitemaps"):
        sitemap(paths, base_url=BASE, lastmod=AS_OF)


# --------------------------------------------------------------------------- citations

def test_citations_name_title_version_permalink_and_access_date():
    permalink = BASE + "products/P00001/"
    cite = citation(title="产品 P00001 真空绝热板", permalink=permalink, version=VERSION,
                    access_date=dt.date(2026, 12, 3), publisher="吉林省绿色建材开放数据")
    gbt, apa = cite["gbt7714"], cite["apa"]
    assert gbt == ("吉林省绿色建材开放数据. 产品 P00001 真空绝热板（数据版本 2026-11-25+abc1234）[DB/OL]. "
                   f"(2026-11-25)[2026-12-03]. {permalink}.")
    assert apa == ("吉林省绿色建材开放数据. (2026). 产品 P00001 真空绝热板 (Version 2026-11-25+abc1234) [Data set]. "
                   f"Retrieved 2026年12月3日, from {permalink}")
    assert cite["gbt7714_template"].replace("{access_date}", "2026-12-03") == gbt
    assert cite["apa_template"].replace("{access_date_zh}", "2026年12月3日") == apa
    dated = citation(title="产品", permalink=permalink, version="local", access_date=AS_OF, year=2026,
                     publisher="某部门")
    assert dated["gbt7714"].startswith("某部门. 产品（数据版本 local）[DB/OL]. 2026[2026-11-25]. ")
    assert "(2026)" in dated["apa"]


# --------------------------------------------------------------------------- CITATION.cff

CFF_KEYS = {"abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi", "identifiers", "keywords",
            "license", "license-url", "message", "preferred-citation", "references", "repository", "repository-artifact",
            "repository-code", "title", "type", "url", "version"}
"""Top-level keys the CFF 1.2.0 schema allows (it has ``additionalProperties: false``)."""


def test_citation_cff_is_valid_cff():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert {"cff-version", "message", "title", "authors"} <= set(cff) <= CFF_KEYS
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset" and cff["license"] == "CC-BY-4.0"
    assert cff["title"] == "吉林省绿色建材开放数据" and "引用" in cff["message"]
    assert all(isinstance(a, dict) and a.get("name") for a in cff["authors"])
    assert cff["repository-code"] == "https://github.com/jilin-green-materials/open-data"
    assert cff["url"] == "https://jilin-green-materials.github.io/open-data/"
    assert "MIT" in cff["abstract"] and cff["keywords"]
