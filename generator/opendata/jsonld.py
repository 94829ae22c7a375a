"""schema.org descriptions (JSON-LD) of the data: a ``Dataset`` per table, the ``DataCatalog`` of them all.

Search engines and dataset indexes read these from the data dictionary pages and the home page
(``site.templates.script_json`` puts them there).
"""

from __future__ import annotations

from .release import KEYWORDS, LICENCE_URL, PLACE, Release, download_dicts, download_name, download_url, licence_url, one_line


def _organization(release: Release) -> dict:
    return {
        "@type": "Organization",
        "name": release.publisher,
        "url": release.page(""),
        "description": "本站是数据的汇编者：数据汇编自吉林省有关部门公开发布的绿色建材目录、产品认证和负面清单等信息，"
        "并注明来源。",
    }


def dataset_jsonld(release: Release, package: dict, resource: dict, *, downloads: list[dict], page_path: str) -> dict:
    """schema.org ``Dataset`` of one table, with every download in ``downloads`` as a ``DataDownload``.

    ``downloads`` items have ``file`` (below ``data/``), ``dataset``, ``title``, ``format``, ``media_type``,
    ``bytes``, ``rows`` and ``sha256``; ``page_path`` is the site path of the page that describes the table.
    """
    base, home = release.base_url, release.page("")
    url = release.page(page_path.lstrip("/"))
    title = one_line(resource.get("title") or resource["name"])
    sample = "（示例数据）" if package.get("sample") else ""
    description = "。".join(
        part.rstrip("。")
        for part in (
            f"{release.publisher}：{title}",
            one_line(resource.get("description")),
            f"本表属于数据包“{one_line(package.get('title') or package.get('name'))}”",
            one_line(package.get("description")),
        )
        if part
    )
    fields = (resource.get("schema") or {}).get("fields") or ()
    organization = _organization(release)
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": url + "#dataset",
        "url": url,
        "name": f"{release.publisher} · {title}{sample}",
        "alternateName": resource["name"],
        "identifier": f"{package.get('name')}/{resource['name']}",
        "description": description + "。",
        "license": licence_url(package),
        "isAccessibleForFree": True,
        "creator": organization,
        "publisher": organization,
        "creditText": f"{release.publisher}（汇编自有关部门公开发布的目录与公告）",
        "datePublished": release.as_of.isoformat(),
        "dateModified": release.as_of.isoformat(),
        "version": release.version,
        "inLanguage": "zh-CN",
        "keywords": [*KEYWORDS, title],
        "spatialCoverage": PLACE,
        "includedInDataCatalog": {"@type": "DataCatalog", "@id": home + "#catalog", "name": release.publisher, "url": home},
        "variableMeasured": [
            {"@type": "PropertyValue", "name": one_line(f.get("title") or f["name"]), "propertyID": f["name"]}
            | ({"description": one_line(f["description"])} if f.get("description") else {})
            for f in fields
        ],
        "distribution": [
            {
                "@type": "DataDownload",
                "name": download_name(d),
                "encodingFormat": d["media_type"],
                "contentUrl": download_url(base, d),
                "contentSize": f"{d['bytes']} B",
                "sha256": d["sha256"],
            }
            | ({"description": f"{d['rows']} 行"} if d.get("rows") is not None else {})
            for d in download_dicts(downloads)
        ],
    }


def catalog_jsonld(release: Release, packages: list[dict], datasets_jsonld: list[dict]) -> dict:
    """schema.org ``DataCatalog`` for the home page, listing each ``Dataset`` made by ``dataset_jsonld``."""
    home = release.page("")
    organization = _organization(release)
    sample = [one_line(p.get("title") or p.get("name")) for p in packages if p.get("sample")]
    note = f"其中“{'”“'.join(sample)}”目前是示例数据，内容虚构。" if sample else ""
    return {
        "@context": "https://schema.org",
        "@type": "DataCatalog",
        "@id": home + "#catalog",
        "url": home,
        "name": release.publisher,
        "description": "吉林省绿色建材目录、生产企业与产品性能指标、认证证书状态、负面清单和示范工程的开放数据，"
        "依据《吉林省绿色建材高质量发展及推广应用方案》（吉建科〔2024〕13号）汇编。" + note,
        "license": LICENCE_URL,
        "isAccessibleForFree": True,
        "creator": organization,
        "publisher": organization,
        "dateModified": release.as_of.isoformat(),
        "version": release.version,
        "inLanguage": "zh-CN",
        "keywords": list(KEYWORDS),
        "spatialCoverage": PLACE,
        "dataset": [
            {
                "@type": "Dataset",
                "@id": d["@id"],
                "name": d["name"],
                "url": d["url"],
                "license": d["license"],
                "description": d["description"],
            }
            for d in datasets_jsonld
        ],
    }
