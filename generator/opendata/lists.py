"""The list downloads: each list page of the site as a table, with the same rows and columns it shows.

Every list page (each catalog, the certificates, the negative list, each region, each category and
the enterprises) links ``data/lists/<page path>.xlsx`` and ``.csv`` (``list_file``): the records of the
whole list (all its numbered pages), in the order the page shows them, under the page's column
headings, with the same readable labels. What a page shows as a link becomes the record's code and
web address in the last columns; a page column that holds two things (对象: product and maker) is two
columns named after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .. import labels
from .. import model as m
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
            rows.append([p.name, p.model, n.category(p.category), n.enterprise(p.enterprise), batch.name, day(e.listed_date),
                         now, n.product_status(p), p.id, p.enterprise, n.url(f"products/{p.id}/")])
    description = f"《{catalog.name}》历次批次的全部收录记录；“当前”一列为“在录”的是目前在录产品。"
    return _sheet(f"catalogs/{catalog.id}/", catalog.name, description, (
        Column("产品"), Column("规格型号"), Column("分类"), Column("生产企业"), Column("批次"), Column("收录日期", "date"),
        Column("当前", description="在录，或移出日期和原因"), Column("状态", description="产品当前状态；适用日期见“说明”"),
        Column("产品编号"), Column("统一社会信用代码"), URL), rows)


CERTIFICATE_ORDER = ("expiring", "valid", "expired", "withdrawn")
"""The order of the certificates page's sections."""


def certificates_list(c: Catalogue, n: Names) -> Sheet:
    """The certificates page: its sections in order (即将到期 first), each by expiry date."""
    rows = []
    for status in CERTIFICATE_ORDER:
        for cert in sorted((x for x in c.certificates.values() if x.status == status), key=lambda x: x.expiry_date):
            p = c.products[cert.product]
            rows.append([cert.number, p.name, c.bodies[cert.body].name, labels.GRADE[cert.grade], day(cert.expiry_date),
                         labels.STATUS[status], p.id, n.url(f"products/{p.id}/#{cert.slug}")])
    return _sheet("certificates/", "证书状态", "全部认证证书，按状态（即将到期、有效、已过期、已撤销）分组，组内按有效期排列。", (
        Column("证书编号"), Column("产品"), Column("认证机构"), Column("星级"), Column("有效期至", "date"),
        Column("状态", description="页面上的分组；适用日期见“说明”"), Column("产品编号"), URL), rows)


def negative_list(c: Catalogue, n: Names) -> Sheet:
    """The negative-list page: newest decision first."""
    rows = []
    for entry in sorted(c.negative_list, key=lambda x: x.decision_date, reverse=True):
        product = c.products[entry.product] if entry.product else None
        rows.append([entry.id, product.name if product else None, n.enterprise(entry.enterprise), c.reasons[entry.reason].name,
                     day(entry.decision_date), entry.department, entry.document_number, entry.description,
                     entry.product, entry.enterprise, n.url(f"negative-list/#{entry.id}")])
    return _sheet("negative-list/", "负面清单", "负面清单全部记录，按决定日期从新到旧。", (
        Column("编号"), Column("对象（产品）"), Column("对象（企业）"), Column("原因"), Column("决定日期", "date"),
        Column("决定部门"), Column("决定文号"), Column("情况说明"), Column("产品编号"), Column("统一社会信用代码"), URL), rows)


def region_list(c: Catalogue, region: m.Region, n: Names) -> Sheet:
    """A region page: its makers with their number of products."""
    rows = [[e.name, len(c.products_by_enterprise.get(e.credit_code, ())), e.credit_code, n.url(f"enterprises/{e.credit_code}/")]
            for e in c.enterprises_by_region.get(region.id, ())]
    return _sheet(f"regions/{region.id}/", f"{region.name}的生产企业", f"所在地区为{region.name}的生产企业及其产品数。", (
        Column("生产企业"), Column("产品数", "integer"), Column("统一社会信用代码"), URL), rows)


def category_list(c: Catalogue, category: m.Category, n: Names) -> Sheet:
    """A category page: its products."""
    rows = [[p.name, p.model, n.enterprise(p.enterprise), n.category(p.category), n.product_status(p), p.id, p.enterprise,
             n.url(f"products/{p.id}/")] for p in c.products_by_category.get(category.code, ())]
    return _sheet(f"categories/{category.code}/", f"{category.name}（{category.code}）", f"分类“{category.name}”的全部产品。", (
        Column("产品"), Column("规格型号"), Column("生产企业"), Column("分类"),
        Column("状态", description="产品当前状态；适用日期见“说明”"), Column("产品编号"), Column("统一社会信用代码"), URL), rows)


def enterprises_list(c: Catalogue, n: Names) -> Sheet:
    """The enterprises page: makers by region, in the regions' order."""
    rows = [[region.name, e.name, e.credit_code, len(c.products_by_enterprise.get(e.credit_code, ())),
             n.url(f"enterprises/{e.credit_code}/")]
            for region in c.regions.values() for e in c.enterprises_by_region.get(region.id, ())]
    return _sheet("enterprises/", "生产企业", "全部生产企业，按所在地区排列。", (
        Column("地区"), Column("企业"), Column("统一社会信用代码"), Column("产品数", "integer"), URL), rows)


def list_sheets(catalogue: Catalogue, page: Callable[[str], str]) -> Iterator[Sheet]:
    """The download of every list page, one at a time."""
    c, n = catalogue, Names(catalogue, page)
    for catalog in c.catalogs.values():
        yield catalog_list(c, catalog, n)
    yield certificates_list(c, n)
    yield negative_list(c, n)
    for region in c.regions.values():
        yield region_list(c, region, n)
    for category in c.categories.values():
        if category.level == "item":
            yield category_list(c, category, n)
    yield enterprises_list(c, n)
