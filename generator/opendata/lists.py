"""The list downloads: each list page of the site as a table, with the same rows and columns it shows.

Every list page (each catalog, the certificates and each status's certificates, the negative list,
the regions, the categories and the catalogs and each of them, the enterprises and the demonstration
projects) links ``data/lists/<page path>.xlsx`` and ``.csv`` (``list_file``): the records of the
whole list (all its numbered pages), in the order the page shows them, under the page's column
headings, with the same readable labels. What a page shows as a link becomes the record's code and
web address in the last columns; a page column that holds two things (对象: product and maker) is two
columns named after it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator

from .. import labels
from .. import model as m
from ..ratio.project import demo_project
from ..ratio.words import WORDING, fixed, plain
from ..records import Catalogue
from .overviews import Names, day
from .tables import Column, Sheet

LISTS = "lists"
URL = Column("网址", description="本站网页地址")


def list_file(page: str) -> str:
    """Path below ``data/`` (without extension) of the download of the list page at site path ``page``."""
    return f"{LISTS}/{page.strip('/')}"


def _sheet(page: str, title: str, description: str, columns: tuple[Column, ...], rows: list[list]) -> Sheet:
    return Sheet(list_file(page), title, description, columns, rows, page)


def catalog_list(c: Catalogue, catalog: m.Catalog, n: Names) -> Sheet:
    """A catalog page: every entry of every batch, in batch order, with whether it is listed now."""
    batches = sorted((b for b in c.batches.values() if b.catalog == catalog.id), key=lambda b: (b.published_date, b.id))
    rows = []
    for batch in batches:
        for e in c.entries_by_batch.get((batch.catalog, batch.id), ()):
            p = c.products[e.product]
            if e.active_on(c.as_of):
                now = "在录"
            elif e.removed_date:
                reason = c.reasons[e.removal_reason].name if e.removal_reason else "原因未注明"
                now = f"{e.removed_date.isoformat()} 移出：{reason}"
            else:
                now = f"{e.listed_date.isoformat()} 起收录"
            rows.append(
                [
                    p.name,
                    p.model,
                    n.category(p.category),
                    n.enterprise(p.enterprise),
                    batch.name,
                    day(e.listed_date),
                    now,
                    n.product_status(p),
                    p.id,
                    p.enterprise,
                    n.url(f"products/{p.id}/"),
                ]
            )
    description = f"《{catalog.name}》历次批次的全部收录记录；“当前”一列为“在录”的是目前在录产品。"
    return _sheet(
        f"catalogs/{catalog.id}/",
        catalog.name,
        description,
        (
            Column("产品"),
            Column("规格型号"),
            Column("分类"),
            Column("生产企业"),
            Column("批次"),
            Column("收录日期", "date"),
            Column("当前", description="在录，或移出日期和原因"),
            Column("状态", description="产品当前状态；适用日期见“说明”"),
            Column("产品编号"),
            Column("统一社会信用代码"),
            URL,
        ),
        rows,
    )


CERTIFICATE_ORDER = ("expiring", "valid", "expired", "withdrawn")
"""The order of the certificates page's sections."""


def certificates_list(c: Catalogue, n: Names, status: str | None = None) -> Sheet:
    """The certificates page: its sections in order (即将到期 first), each by expiry date; with ``status``, the
    page of that one status (``certificates/<status>/``)."""
    rows = []
    for section in CERTIFICATE_ORDER if status is None else (status,):
        for cert in sorted((x for x in c.certificates.values() if x.status == section), key=lambda x: x.expiry_date):
            p = c.products[cert.product]
            rows.append(
                [
                    cert.number,
                    p.name,
                    c.bodies[cert.body].name,
                    labels.GRADE[cert.grade],
                    day(cert.expiry_date),
                    labels.STATUS[section],
                    p.id,
                    n.url(f"products/{p.id}/#{cert.slug}"),
                ]
            )
    columns = (
        Column("证书编号"),
        Column("产品"),
        Column("认证机构"),
        Column("星级"),
        Column("有效期至", "date"),
        Column("状态", description="页面上的分组；适用日期见“说明”"),
        Column("产品编号"),
        URL,
    )
    if status is None:
        return _sheet(
            "certificates/",
            "证书状态",
            "全部认证证书，按状态（即将到期、有效、已过期、已撤销）分组，组内按有效期排列。",
            columns,
            rows,
        )
    label = labels.STATUS[status]
    return _sheet(
        f"certificates/{status}/", f"证书状态：{label}", f"状态为“{label}”的全部认证证书，按有效期排列。", columns, rows
    )


def negative_list(c: Catalogue, n: Names) -> Sheet:
    """The negative-list page: newest decision first."""
    rows = []
    for entry in sorted(c.negative_list, key=lambda x: x.decision_date, reverse=True):
        product = c.products[entry.product] if entry.product else None
        rows.append(
            [
                entry.id,
                product.name if product else None,
                n.enterprise(entry.enterprise),
                c.reasons[entry.reason].name,
                day(entry.decision_date),
                entry.department,
                entry.document_number,
                entry.description,
                entry.product,
                entry.enterprise,
                n.url(f"negative-list/#{entry.id}"),
            ]
        )
    return _sheet(
        "negative-list/",
        "负面清单",
        "负面清单全部记录，按决定日期从新到旧。",
        (
            Column("编号"),
            Column("对象（产品）"),
            Column("对象（企业）"),
            Column("原因"),
            Column("决定日期", "date"),
            Column("决定部门"),
            Column("决定文号"),
            Column("情况说明"),
            Column("产品编号"),
            Column("统一社会信用代码"),
            URL,
        ),
        rows,
    )


def region_list(c: Catalogue, region: m.Region, n: Names) -> Sheet:
    """A region page: its makers with their number of products."""
    rows = [
        [e.name, len(c.products_by_enterprise.get(e.credit_code, ())), e.credit_code, n.url(f"enterprises/{e.credit_code}/")]
        for e in c.enterprises_by_region.get(region.id, ())
    ]
    return _sheet(
        f"regions/{region.id}/",
        f"{region.name}的生产企业",
        f"所在地区为{region.name}的生产企业及其产品数。",
        (Column("生产企业"), Column("产品数", "integer"), Column("统一社会信用代码"), URL),
        rows,
    )


def category_list(c: Catalogue, category: m.Category, n: Names) -> Sheet:
    """A category page: its products."""
    rows = [
        [
            p.name,
            p.model,
            n.enterprise(p.enterprise),
            n.category(p.category),
            n.product_status(p),
            p.id,
            p.enterprise,
            n.url(f"products/{p.id}/"),
        ]
        for p in c.products_by_category.get(category.code, ())
    ]
    return _sheet(
        f"categories/{category.code}/",
        f"{category.name}（{category.code}）",
        f"分类“{category.name}”的全部产品。",
        (
            Column("产品"),
            Column("规格型号"),
            Column("生产企业"),
            Column("分类"),
            Column("状态", description="产品当前状态；适用日期见“说明”"),
            Column("产品编号"),
            Column("统一社会信用代码"),
            URL,
        ),
        rows,
    )


def enterprises_list(c: Catalogue, n: Names) -> Sheet:
    """The enterprises page: makers by region, in the regions' order."""
    rows = [
        [
            region.name,
            e.name,
            e.credit_code,
            len(c.products_by_enterprise.get(e.credit_code, ())),
            "是" if c.negative_by_enterprise.get(e.credit_code) else "否",
            n.url(f"enterprises/{e.credit_code}/"),
        ]
        for region in c.regions.values()
        for e in c.enterprises_by_region.get(region.id, ())
    ]
    return _sheet(
        "enterprises/",
        "生产企业",
        "全部生产企业，按所在地区排列；“列入负面清单”为“是”的企业本身或其产品列在负面清单上（截至数据日期）。",
        (
            Column("地区"),
            Column("企业"),
            Column("统一社会信用代码"),
            Column("产品数", "integer"),
            Column("列入负面清单"),
            URL,
        ),
        rows,
    )


def projects_list(c: Catalogue, n: Names) -> Sheet:
    """The demonstration projects page: each project with its ratio by the default ruleset and the 7.2.18 points."""
    ruleset, judges = c.default_ruleset, c.threshold_tables
    digits = ruleset.decimals if ruleset.decimals is not None else 2
    rows = []
    for p in c.projects.values():
        result = demo_project(c, p.id).result
        if p.green_building_star and judges and judges[0].star_prerequisites:
            met = WORDING["result"]["star_met" if p.green_building_star in result.assessments[0].stars else "star_not_met"]
        else:
            met = None
        rows.append(
            [
                p.name,
                n.region(p.region),
                p.building_type,
                plain(p.floor_area),
                labels.STAR[p.green_building_star],
                len(c.project_products.get(p.id, ())),
                fixed(result.ratio, digits),
                " / ".join(plain(a.points) for a in result.assessments),
                met,
                p.id,
                n.url(f"projects/{p.id}/"),
            ]
        )
    editions = "和".join(j.edition for j in judges)
    description = f"示范工程（虚构的示例数据）及其由材料清单计算的绿色建材应用比例（按{ruleset.name}）。"
    return _sheet(
        "projects/",
        "绿色建材应用示范工程",
        description,
        (
            Column("项目"),
            Column("地区"),
            Column("建筑类型"),
            Column("建筑面积（㎡）"),
            Column("绿色建筑星级"),
            Column("使用目录产品", "integer", "材料清单中使用的目录产品数"),
            Column("绿色建材应用比例（%）"),
            Column("7.2.18 得分", description=f"依次按《绿色建筑评价标准》{editions}"),
            Column("星级前提", description="该工程星级对绿色建材应用比例的要求是否满足；空白表示不适用"),
            Column("项目编号"),
            URL,
        ),
        rows,
    )


def regions_list(c: Catalogue, n: Names) -> Sheet:
    """The regions page: each region with its division code and its numbers of makers, products and projects."""
    products = Counter(c.enterprises[p.enterprise].region for p in c.products.values())
    rows = [
        [
            r.name,
            n.region(r.parent) if r.parent else None,
            r.division_code,
            len(c.enterprises_by_region.get(r.id, ())),
            products[r.id],
            len(c.projects_by_region.get(r.id, ())),
            r.id,
            n.url(f"regions/{r.id}/"),
        ]
        for r in c.regions.values()
    ]
    return _sheet(
        "regions/",
        "地区",
        "吉林省各市（州）及单列地区的企业、产品和示范工程数。",
        (
            Column("地区"),
            Column("代管", description="代管该地区的市（州）"),
            Column("行政区划代码", description="GB/T 2260；空白表示没有"),
            Column("企业", "integer"),
            Column("产品", "integer"),
            Column("示范工程", "integer"),
            Column("地区编号"),
            URL,
        ),
        rows,
    )


def catalogs_list(c: Catalogue, n: Names) -> Sheet:
    """The catalogs page: each catalog with its issuer and batches."""
    rows = [
        [k.name, k.issuer, "、".join(b.name for b in c.batches.values() if b.catalog == k.id), k.id, n.url(f"catalogs/{k.id}/")]
        for k in c.catalogs.values()
    ]
    return _sheet(
        "catalogs/",
        "目录",
        "三本目录及其发布部门和批次。",
        (Column("目录"), Column("发布部门"), Column("批次"), Column("目录编号"), URL),
        rows,
    )


def categories_list(c: Catalogue, n: Names) -> Sheet:
    """The categories page: each item category under its scheme and class, with its number of products."""
    schemes = {"certification": "绿色建材产品分级认证目录", "demand-standard": "政府采购需求标准"}
    classes = [k for scheme in schemes for k in c.categories.values() if k.scheme == scheme and k.level == "class"]
    rows = [
        [
            schemes[k.scheme],
            k.name,
            item.name,
            item.code,
            len(c.products_by_category.get(item.code, ())),
            n.url(f"categories/{item.code}/"),
        ]
        for k in classes
        for item in c.categories.values()
        if item.parent == k.code
    ]
    return _sheet(
        "categories/",
        "产品分类",
        "两套分类的全部品目（产品种类），及各自的产品数。",
        (Column("分类体系"), Column("大类"), Column("品目"), Column("分类代码"), Column("产品数", "integer"), URL),
        rows,
    )


def list_sheets(catalogue: Catalogue, page: Callable[[str], str]) -> Iterator[Sheet]:
    """The download of every list page, one at a time."""
    c, n = catalogue, Names(catalogue, page)
    yield catalogs_list(c, n)
    for catalog in c.catalogs.values():
        yield catalog_list(c, catalog, n)
    yield certificates_list(c, n)
    for status in CERTIFICATE_ORDER:
        if any(cert.status == status for cert in c.certificates.values()):
            yield certificates_list(c, n, status)
    yield negative_list(c, n)
    for region in c.regions.values():
        yield region_list(c, region, n)
    yield regions_list(c, n)
    yield categories_list(c, n)
    for category in c.categories.values():
        if category.level == "item":
            yield category_list(c, category, n)
    yield enterprises_list(c, n)
    if c.projects:
        yield projects_list(c, n)
