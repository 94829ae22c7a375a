"""The DCAT catalogue of the downloads (``data/catalog.dcat.jsonld``), in the DCAT-AP style data portals harvest.

One ``dcat:Dataset`` per table with its download files as distributions, and one more for the files
that hold every table.
"""

from __future__ import annotations

from ..errors import OpenDataError
from .release import ALL_DATA, KEYWORDS, LICENCE_URL, Release, download_dicts, download_name, download_url, licence_url, one_line

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:issued": {"@type": "xsd:date"},
    "dct:modified": {"@type": "xsd:date"},
    "dcat:byteSize": {"@type": "xsd:nonNegativeInteger"},
    "spdx:checksumValue": {"@type": "xsd:hexBinary"},
}
_EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
_FILE_TYPES = {
    "text/csv": "CSV",
    "application/json": "JSON",
    "application/ld+json": "JSON_LD",
    "application/zip": "ZIP",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/xml": "XML",
}
"""EU file-type authority codes by media type; other formats are named by their label."""
_IANA = "http://www.iana.org/assignments/media-types/"


def _zh(text: str) -> dict:
    return {"@value": text, "@language": "zh-CN"}


def _distribution(base: str, d: dict, licence: str) -> dict:
    url = download_url(base, d)
    media_type = str(d["media_type"]).split(";")[0].strip()
    file_type = _FILE_TYPES.get(media_type)
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": _zh(download_name(d)),
        "dcat:downloadURL": {"@id": url},
        "dcat:accessURL": {"@id": url},
        "dcat:mediaType": {"@id": _IANA + media_type},
        "dct:format": {"@id": _EU_FILE_TYPE + file_type} if file_type else str(d["format"]),
        "dcat:byteSize": d["bytes"],
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
            "spdx:checksumValue": d["sha256"],
        },
        "dct:license": {"@id": licence},
    }


def dcat_catalog(
    release: Release,
    packages: list[dict],
    *,
    downloads: list[dict],
    landing_pages: dict[str, str] | None = None,
    extra: dict[str, tuple[str, str]] | None = None,
) -> dict:
    """DCAT-AP style catalogue as JSON-LD (for ``data/catalog.dcat.jsonld``): one ``dcat:Dataset`` per table.

    A download belongs to the table whose resource name (or ``package/resource``) is its ``dataset``; downloads
    whose ``dataset`` is ``all`` (every table in one file) make one more dataset, 全部数据表. ``landing_pages``
    maps a resource name (or ``all``) to its page path; the default is ``data/``. ``extra`` names more datasets
    made of other tables (such as the 总表) by their ``dataset``: (title, description).
    """
    base, home = release.base_url, release.page("")
    landing_pages = landing_pages or {}
    publisher = {
        "@id": home + "#publisher",
        "@type": "foaf:Agent",
        "foaf:name": _zh(release.publisher),
        "foaf:homepage": {"@id": home},
    }
    issued = release.as_of.isoformat()
    common = {
        "dct:issued": issued,
        "dct:modified": issued,
        "dcat:version": release.version,
        "dct:publisher": {"@id": publisher["@id"]},
        "dct:creator": {"@id": publisher["@id"]},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/ZHO"},
        "dct:spatial": {"@type": "dct:Location", "skos:prefLabel": _zh("吉林省")},
    }
    by_dataset: dict[str, list[dict]] = {}
    for d in download_dicts(downloads):
        by_dataset.setdefault(str(d["dataset"]), []).append(d)
    datasets, used = [], set()

    def dataset(name: str, identifier: str, title: str, description: str, licence: str, keys: tuple[str, ...]) -> dict:
        page = release.page(landing_pages.get(name, "data/").lstrip("/"))
        files = [d for key in keys for d in by_dataset.get(key, ())]
        used.update(keys)
        return {
            "@id": f"{page}#dataset-{name}",
            "@type": "dcat:Dataset",
            "dct:identifier": identifier,
            "dct:title": _zh(title),
            "dct:description": _zh(description),
            "dct:license": {"@id": licence},
            "dcat:keyword": [_zh(k) for k in (*KEYWORDS, title)],
            "dcat:landingPage": {"@id": page},
            **common,
            "dcat:distribution": [_distribution(base, d, licence) for d in files],
        }

    for package in packages:
        licence, package_name = licence_url(package), str(package.get("name"))
        package_title = one_line(package.get("title") or package_name)
        for resource in package.get("resources") or ():
            name = resource["name"]
            title = one_line(resource.get("title") or name)
            description = (
                "。".join(
                    p.rstrip("。") for p in (title, one_line(resource.get("description")), f"属于数据包“{package_title}”") if p
                )
                + "。"
            )
            datasets.append(
                dataset(
                    name,
                    f"{package_name}/{name}",
                    f"{title}{'（示例数据）' if package.get('sample') else ''}",
                    description,
                    licence,
                    (name, f"{package_name}/{name}"),
                )
            )
    if ALL_DATA in by_dataset:
        titles = "、".join(one_line(p.get("title") or p.get("name")) for p in packages)
        datasets.append(
            dataset(
                ALL_DATA,
                ALL_DATA,
                f"{release.publisher} · 全部数据表",
                f"全部数据表合为一个文件：{titles}。",
                LICENCE_URL,
                (ALL_DATA,),
            )
        )
    for name, (title, description) in (extra or {}).items():
        if name in by_dataset:
            datasets.append(dataset(name, name, f"{release.publisher} · {title}", description, LICENCE_URL, (name,)))
    unknown = sorted(set(by_dataset) - used)
    if unknown:
        raise OpenDataError(f"下载文件的 dataset 不是任何数据表的名称，也不是 all 或另外说明的数据集：{'、'.join(unknown)}")
    return {
        "@context": DCAT_CONTEXT,
        "@id": home + "#catalog",
        "@type": "dcat:Catalog",
        "dct:title": _zh(release.publisher),
        "dct:description": _zh("吉林省绿色建材目录、生产企业与产品性能指标、认证证书状态、负面清单和示范工程的开放数据。"),
        "foaf:homepage": {"@id": home},
        "dct:license": {"@id": LICENCE_URL},
        **common,
        "dct:publisher": publisher,
        "dcat:dataset": datasets,
    }
