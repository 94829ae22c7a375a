"""JSON-LD, DCAT, sitemaps, citations and CITATION.cff (generator/opendata/); the JSON API is in test_api.py."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest
import yaml

from generator.errors import OpenDataError
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
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RELEASE = Release(SITE_NAME, BASE, VERSION, AS_OF)


@pytest.fixture(scope="module")
def data():
    result = validate(MINIMAL)
    assert result.valid
    return result.data


@pytest.fixture(scope="module")
def packages(data):
    return {p.descriptor["name"]: p.descriptor for p in data.packages}


def _download(file: str, dataset: str, fmt: str, media_type: str) -> dict:
    """A download as generator.downloads describes it."""
    return {
        "file": file,
        "dataset": dataset,
        "title": "数据表",
        "format": fmt,
        "media_type": media_type,
        "bytes": 2048,
        "rows": 20,
        "sha256": "0f" * 32,
    }


DOWNLOADS = [
    _download("products.csv", "products", "CSV（UTF-8 BOM）", "text/csv; charset=utf-8"),
    _download("products.json", "products", "JSON", "application/json"),
    _download("regions.csv", "regions", "CSV（UTF-8 BOM）", "text/csv; charset=utf-8"),
    _download("jilin-green-materials.sqlite", "all", "SQLite", "application/vnd.sqlite3"),
]


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
    cite = citation(
        title="产品 P00001 真空绝热板",
        permalink=permalink,
        version=VERSION,
        access_date=dt.date(2026, 12, 3),
        publisher="吉林省绿色建材开放数据",
    )
    gbt, apa = cite["gbt7714"], cite["apa"]
    assert gbt == (
        "吉林省绿色建材开放数据. 产品 P00001 真空绝热板（数据版本 2026-11-25+abc1234）[DB/OL]. "
        f"(2026-11-25)[2026-12-03]. {permalink}."
    )
    assert apa == (
        "吉林省绿色建材开放数据. (2026). 产品 P00001 真空绝热板 (Version 2026-11-25+abc1234) [Data set]. "
        f"Retrieved 2026年12月3日, from {permalink}"
    )
    assert cite["gbt7714_template"].replace("{access_date}", "2026-12-03") == gbt
    assert cite["apa_template"].replace("{access_date_zh}", "2026年12月3日") == apa
    dated = citation(title="产品", permalink=permalink, version="local", access_date=AS_OF, year=2026, publisher="某部门")
    assert dated["gbt7714"].startswith("某部门. 产品（数据版本 local）[DB/OL]. 2026[2026-11-25]. ")
    assert "(2026)" in dated["apa"]


# --------------------------------------------------------------------------- CITATION.cff

CFF_KEYS = {
    "abstract",
    "authors",
    "cff-version",
    "commit",
    "contact",
    "date-released",
    "doi",
    "identifiers",
    "keywords",
    "license",
    "license-url",
    "message",
    "preferred-citation",
    "references",
    "repository",
    "repository-artifact",
    "repository-code",
    "title",
    "type",
    "url",
    "version",
}
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
