"""JSON Schemas (draft 2020-12) of every kind of API file, published as ``api/schemas/<name>.json``.

``api/index.json`` links each endpoint's record schema (``schema``) and index schema (``index_schema``);
every index file names its own. Objects are closed (``additionalProperties: false``) and every key is
required, so a schema is an exact description of the files (tests validate every file against its
schema); a key that can be empty is nullable rather than missing.
"""

from __future__ import annotations

from .. import labels

DRAFT = "https://json-schema.org/draft/2020-12/schema"
STR = {"type": "string"}
INT = {"type": "integer"}
NUM = {"type": "number"}
BOOL = {"type": "boolean"}
URL = {"type": "string", "format": "uri"}
DATE = {"type": "string", "format": "date"}
PRODUCT_STATUS = {"enum": list(labels.STATUS)}
CERTIFICATE_STATUS = {"enum": ["valid", "expiring", "expired", "withdrawn"]}


def schema_path(name: str) -> str:
    """Path of schema ``name`` below ``api/``."""
    return f"schemas/{name}.json"


def null(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(**properties) -> dict:
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def arr(items: dict) -> dict:
    return {"type": "array", "items": items}


def link(key: str, **more) -> dict:
    """A link object (api_links.py): the record's key, its name and its API address."""
    return obj(**{key: STR, "name": null(STR)}, **more, api=URL)


REGION, PRODUCT, ENTERPRISE, CATALOG, PROJECT = (link("id"), link("id"), link("credit_code"), link("id"), link("id"))
CATEGORY = link("code", scheme=null(STR))
SCENARIO, REASON, BODY = link("code"), link("code"), link("id")
CERTIFICATE = obj(number=STR, api=URL)
NEGATIVE = obj(id=STR, api=URL)
META = {"permalink": URL, "licence": STR, "sample": BOOL}
DATED = {"version": STR, "as_of": DATE}

_CERTIFICATE = {
    "number": STR,
    "id": STR,
    "body": BODY,
    "grade": INT,
    "grade_label": STR,
    "issue_date": DATE,
    "expiry_date": DATE,
    "withdrawn": BOOL,
    "withdrawn_date": null(DATE),
    "status": CERTIFICATE_STATUS,
    "status_label": STR,
}
_ENTRY = obj(
    catalog=CATALOG,
    batch=obj(id=STR, name=STR),
    listed_date=DATE,
    removed_date=null(DATE),
    removal_reason=null(REASON),
    active=BOOL,
)
_NEGATIVE = {
    "id": STR,
    "scope": {"enum": ["product", "enterprise"]},
    "enterprise": null(ENTERPRISE),
    "product": null(PRODUCT),
    "reason": REASON,
    "decision_date": DATE,
    "department": STR,
    "document_number": STR,
    "description": STR,
}
_CATALOG_ROW = {
    "product": PRODUCT,
    "category": CATEGORY,
    "enterprise": ENTERPRISE,
    "batch": obj(id=STR, name=STR),
    "listed_date": DATE,
}
_USE = {"item": STR, "quantity": NUM, "usage": null(STR)}

RECORDS = {
    "product": (
        "产品",
        obj(
            id=STR,
            name=STR,
            model=STR,
            category=CATEGORY,
            enterprise=obj(credit_code=STR, name=null(STR), api=URL, region=null(REGION)),
            route=STR,
            route_label=STR,
            status=PRODUCT_STATUS,
            status_label=STR,
            counts_as_green=BOOL,
            counts_as_green_reason=STR,
            scenarios=arr(SCENARIO),
            description=null(STR),
            indicators=arr(obj(indicator=STR, value=STR, unit=null(STR), attribute=STR, test_report=null(STR))),
            certificates=arr(obj(**_CERTIFICATE, api=URL)),
            test_reports=arr(obj(number=STR, kind=STR, lab=STR, date=DATE)),
            catalog_entries=arr(_ENTRY),
            negative_list=arr(obj(**_NEGATIVE, api=URL)),
            projects=arr(obj(id=STR, name=null(STR), api=URL, **_USE)),
            **META,
        ),
    ),
    "enterprise": (
        "生产企业",
        obj(
            credit_code=STR,
            name=STR,
            short_name=null(STR),
            region=obj(id=STR, name=null(STR), api=URL, division_code=null(STR)),
            address=STR,
            phone=null(STR),
            email=null(STR),
            website=null(STR),
            profile=null(STR),
            honours=arr(obj(honour=STR, year=INT, issuer=null(STR))),
            products=arr(obj(id=STR, name=null(STR), api=URL, model=STR, category=CATEGORY, status=PRODUCT_STATUS)),
            certificates=arr(obj(number=STR, api=URL, product=PRODUCT, status=CERTIFICATE_STATUS, expiry_date=DATE)),
            negative_list=arr(obj(**_NEGATIVE, api=URL)),
            **META,
        ),
    ),
    "certificate": ("认证证书", obj(**_CERTIFICATE, product=PRODUCT, enterprise=ENTERPRISE, **META)),
    "catalog": (
        "目录",
        obj(
            id=STR,
            name=STR,
            issuer=STR,
            description=null(STR),
            batches=arr(obj(id=STR, name=STR, document_number=null(STR), published_date=DATE, entries=INT)),
            active_count=INT,
            active=arr(obj(**_CATALOG_ROW)),
            removed=arr(obj(**_CATALOG_ROW, removed_date=null(DATE), removal_reason=null(REASON))),
            **META,
        ),
    ),
    "negative-list-entry": ("负面清单记录", obj(**_NEGATIVE, **META)),
    "project": (
        "示范工程",
        obj(
            id=STR,
            name=STR,
            region=REGION,
            building_type=STR,
            floor_area=NUM,
            green_building_star=INT,
            year=null(INT),
            description=null(STR),
            materials=arr(obj(item=STR, total=NUM, unit=STR)),
            products=arr(obj(id=STR, name=null(STR), api=URL, **_USE)),
            ratio={"type": "object", "description": "按默认计算规则得出的绿色建材应用比例及分项明细（与示范工程页面相同）"},
            **META,
        ),
    ),
    "region": (
        "地区",
        obj(
            id=STR,
            name=STR,
            division_code=null(STR),
            parent=null(REGION),
            kind=STR,
            note=null(STR),
            enterprises=arr(ENTERPRISE),
            projects=arr(PROJECT),
            **META,
        ),
    ),
    "category": (
        "产品分类",
        obj(
            code=STR,
            name=STR,
            scheme=STR,
            level=STR,
            parent=null(CATEGORY),
            children=arr(CATEGORY),
            source=STR,
            products=arr(PRODUCT),
            **META,
        ),
    ),
    "scenario": ("应用场景", obj(code=STR, name=STR, description=null(STR), products=arr(PRODUCT), **META)),
    "certification-body": ("认证机构", obj(id=STR, name=STR, note=null(STR), certificates=arr(CERTIFICATE), **META)),
    "reason-code": (
        "移出及负面清单原因",
        obj(code=STR, name=STR, negative=BOOL, description=null(STR), negative_list=arr(NEGATIVE), catalog_removals=INT, **META),
    ),
    "tombstone": (
        "已删除的记录",
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "id": STR,
                "credit_code": STR,
                "name": STR,
                "removed": {"const": True},
                "removed_date": DATE,
                "reason": STR,
                "commit": STR,
                "last_values": {"type": "object", "additionalProperties": STR},
                **META,
            },
            "required": ["name", "removed", "removed_date", "reason", "commit", "last_values", *META],
            "oneOf": [{"required": ["id"]}, {"required": ["credit_code"]}],
        },
    ),
}
"""Schema name -> (Chinese title, schema) of each kind of record file."""

INDEX_ITEMS = {
    "products": obj(id=STR, name=null(STR), api=URL, category=CATEGORY, enterprise=ENTERPRISE, status=PRODUCT_STATUS, url=URL),
    "enterprises": obj(credit_code=STR, name=null(STR), api=URL, region=REGION, products=INT, url=URL),
    "certificates": obj(
        number=STR,
        api=URL,
        id=STR,
        product=PRODUCT,
        grade=INT,
        expiry_date=DATE,
        status=CERTIFICATE_STATUS,
        days_left=INT,
        url=URL,
    ),
    "catalogs": obj(id=STR, name=null(STR), api=URL, issuer=STR, batches=INT, active_count=INT, url=URL),
    "negative-list": obj(**_NEGATIVE, api=URL),
    "projects": obj(id=STR, name=null(STR), api=URL, region=REGION, building_type=STR, url=URL),
    "regions": REGION,
    "categories": CATEGORY,
    "scenarios": SCENARIO,
    "certification-bodies": BODY,
    "reason-codes": REASON,
}
"""Endpoint name -> schema of an item of its index."""
REMOVED_KEYS = {"products": "id", "enterprises": "credit_code", "catalogs": "id", "projects": "id"}
"""Endpoints whose index lists removed records (tombstones), by the key they are named by."""


def _listing(name: str) -> dict:
    properties = {"name": {"const": name}, "count": INT, "items": arr(INDEX_ITEMS[name])}
    if name in REMOVED_KEYS:
        properties["removed"] = arr(obj(**{REMOVED_KEYS[name]: STR}, name=STR, removed_date=DATE, api=URL))
    return obj(**properties, schema=URL, **META, **DATED)


INDEX = obj(
    title=STR,
    description=STR,
    base_url=URL,
    licence_url=URL,
    docs=URL,
    downloads=URL,
    index_files=arr(STR),
    counts={"type": "object", "additionalProperties": INT},
    endpoints=arr(
        obj(name=STR, title=STR, count=INT, index=URL, record=STR, record_path=STR, page=URL, schema=URL, index_schema=URL)
    ),
    schema=URL,
    tombstone_schema=URL,
    **META,
    **DATED,
)


def schemas(base_url: str) -> dict[str, dict]:
    """Every schema by name, as published below ``api/schemas/``."""
    found = {name: (title, schema) for name, (title, schema) in RECORDS.items()}
    found |= {f"{name}-index": (f"索引：{name}", _listing(name)) for name in INDEX_ITEMS}
    found["index"] = ("接口总索引 api/index.json", INDEX)
    return {
        name: {"$schema": DRAFT, "$id": f"{base_url}api/{schema_path(name)}", "title": title, **schema}
        for name, (title, schema) in found.items()
    }
