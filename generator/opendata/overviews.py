"""The 总表: flat tables for people, one row per product, certificate or maker.

A journalist or a buyer wants one table that answers their questions without joins: names next to
codes, Chinese labels instead of codes (from labels.yaml and the reference tables), where the maker
is, which catalogs and batches list a product, its certificate's number, star and expiry, its status
on the build date, and whether it is on the negative list. These tables give that, as CSV and Excel;
the data tables stay as they are for programs.

Statuses hold for a period of days (``Catalogue.status_period``), which the 说明 sheet states instead
of the build date, so the files change only when a status or a record does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from .. import labels
from .. import model as m
from ..records import Catalogue, current_certificate
from .tables import Column, Sheet

NO = "否"


def period_note(catalogue: Catalogue) -> list[list[str]]:
    """The 说明 row saying on which days the statuses in a file hold."""
    first, last = catalogue.status_period()
    if first and last:
        days = f"在 {first.isoformat()} 至 {last.isoformat()} 之间的任何一天"
    elif first or last:
        days = f"在 {first.isoformat()} 及以后" if first else f"在 {last.isoformat()} 及以前"
        days += "的任何一天"
    else:
        days = "在任何一天"
    return [
        ["状态适用日期", f"证书状态、在录状态按生成日期计算，{days}计算结果都相同。生成日期见 manifest.json 的 as_of 和下载页。"]
    ]


def day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


class Names:
    """Names, labels and page addresses of a catalogue's records, for people-shaped tables."""

    def __init__(self, catalogue: Catalogue, page: Callable[[str], str]):
        self.c, self.url = catalogue, page

    def region(self, region_id: str) -> str:
        region = self.c.regions.get(region_id)
        return region.name if region else region_id

    def category(self, code: str) -> str:
        category = self.c.categories.get(code)
        return category.name if category else code

    def enterprise(self, credit_code: str | None) -> str | None:
        return self.c.enterprises[credit_code].name if credit_code else None

    def product_status(self, product: m.Product) -> str:
        return labels.STATUS[self.c.product_status(product)]

    def negative(self, entries) -> str:
        """是：reasons, or 否."""
        reasons = sorted({self.c.reasons[n.reason].name for n in entries})
        return f"是：{'、'.join(reasons)}" if entries else NO

    def catalogs_of(self, product: m.Product) -> str | None:
        """The catalogs (with batch) that list the product now, or None."""
        c = self.c
        listed = [f"{c.catalogs[e.catalog].name}（{c.batches[(e.catalog, e.batch)].name}）" for e in c.active_entries(product.id)]
        return "；".join(listed) or None


def products_overview(catalogue: Catalogue, page: Callable[[str], str]) -> Sheet:
    """产品总表: one row per product."""
    c, n = catalogue, Names(catalogue, page)
    rows = []
    for p in c.products.values():
        e = c.enterprises[p.enterprise]
        certificates = c.certificates_by_product.get(p.id)
        cert = current_certificate(certificates) if certificates else None
        scenarios = "、".join(c.scenarios[s].name if s in c.scenarios else s for s in p.scenarios) or None
        certificate = (
            [cert.number, c.bodies[cert.body].name, labels.GRADE[cert.grade], day(cert.expiry_date)] if cert else [None] * 4
        )
        rows.append(
            [
                p.id,
                p.name,
                p.model,
                n.category(p.category),
                p.category,
                e.name,
                e.credit_code,
                n.region(e.region),
                labels.ROUTE[p.route],
                scenarios,
                n.product_status(p),
                *certificate,
                n.catalogs_of(p),
                n.negative(c.negative_entries_for(p)),
                n.url(f"products/{p.id}/"),
            ]
        )
    return Sheet(
        "products-overview",
        "产品总表",
        "每个产品一行：生产企业、地区、分类、入选途径、应用场景、当前状态、证书、所在目录与批次、是否列入负面清单。",
        (
            Column("产品编号"),
            Column("产品名称"),
            Column("规格型号"),
            Column("产品分类"),
            Column("分类代码"),
            Column("生产企业"),
            Column("统一社会信用代码"),
            Column("所在地区", description="生产企业所在地区"),
            Column("入选途径"),
            Column("应用场景"),
            Column("当前状态", description="有效、即将到期（90 天内）、已过期、已撤销、负面清单或需求标准检验；适用日期见“说明”"),
            Column("证书编号", description="当前起作用的证书：有效的优先，其次有效期最晚的"),
            Column("认证机构"),
            Column("星级"),
            Column("有效期至", "date"),
            Column("所在目录与批次", description="目前在录的目录及收录批次"),
            Column("负面清单", description="产品或其生产企业是否列入负面清单，及原因"),
            Column("网址"),
        ),
        rows,
    )


def certificates_overview(catalogue: Catalogue, page: Callable[[str], str]) -> Sheet:
    """证书总表: one row per certificate."""
    c, n = catalogue, Names(catalogue, page)
    rows = []
    for cert in c.certificates.values():
        p = c.products[cert.product]
        e = c.enterprises[p.enterprise]
        rows.append(
            [
                cert.number,
                p.id,
                p.name,
                p.model,
                e.name,
                e.credit_code,
                n.region(e.region),
                n.category(p.category),
                c.bodies[cert.body].name,
                labels.GRADE[cert.grade],
                day(cert.issue_date),
                day(cert.expiry_date),
                labels.STATUS[cert.status],
                day(cert.withdrawn_date),
                n.negative(c.negative_entries_for(p)),
                n.url(f"products/{p.id}/#{cert.slug}"),
            ]
        )
    return Sheet(
        "certificates-overview",
        "证书总表",
        "每张绿色建材产品认证证书一行：产品、生产企业、地区、认证机构、星级、日期和状态。",
        (
            Column("证书编号"),
            Column("产品编号"),
            Column("产品名称"),
            Column("规格型号"),
            Column("生产企业"),
            Column("统一社会信用代码"),
            Column("所在地区"),
            Column("产品分类"),
            Column("认证机构"),
            Column("星级"),
            Column("发证日期", "date"),
            Column("有效期至", "date"),
            Column("证书状态", description="有效、即将到期（90 天内）、已过期或已撤销；适用日期见“说明”"),
            Column("撤销日期", "date"),
            Column("负面清单", description="产品或其生产企业是否列入负面清单，及原因"),
            Column("网址"),
        ),
        rows,
    )


def enterprises_overview(catalogue: Catalogue, page: Callable[[str], str]) -> Sheet:
    """企业总表: one row per maker."""
    c, n = catalogue, Names(catalogue, page)
    rows = []
    for e in c.enterprises.values():
        products = c.products_by_enterprise.get(e.credit_code, ())
        region = c.regions.get(e.region)
        valid = sum(
            1 for p in products for cert in c.certificates_by_product.get(p.id, ()) if cert.status in ("valid", "expiring")
        )
        honours = "；".join(f"{h.honour}（{h.year}）" for h in c.honours.get(e.credit_code, ()))
        rows.append(
            [
                e.credit_code,
                e.name,
                e.short_name,
                n.region(e.region),
                region.division_code if region else None,
                e.address,
                e.phone,
                e.email,
                e.website,
                len(products),
                sum(1 for p in products if c.active_entries(p.id)),
                valid,
                honours or None,
                n.negative(c.negative_by_enterprise.get(e.credit_code, ())),
                n.url(f"enterprises/{e.credit_code}/"),
            ]
        )
    return Sheet(
        "enterprises-overview",
        "企业总表",
        "每家生产企业一行：地区、联系方式、产品数、在录产品数、有效证书数、荣誉、是否列入负面清单。",
        (
            Column("统一社会信用代码"),
            Column("企业名称"),
            Column("简称"),
            Column("所在地区"),
            Column("行政区划代码"),
            Column("地址"),
            Column("联系电话"),
            Column("电子邮箱"),
            Column("网站"),
            Column("产品数", "integer"),
            Column("在录产品数", "integer", "目前在任何目录中在录的产品数"),
            Column("有效证书数", "integer", "有效和即将到期的证书数"),
            Column("荣誉"),
            Column("负面清单", description="企业或其产品是否列入负面清单，及原因"),
            Column("网址"),
        ),
        rows,
    )


def overviews(catalogue: Catalogue, page: Callable[[str], str]) -> list[Sheet]:
    return [products_overview(catalogue, page), certificates_overview(catalogue, page), enterprises_overview(catalogue, page)]
