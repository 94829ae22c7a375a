"""Links between API records: a record names another by its key, its name and its ``api`` address.

Every reference in the API is such a link object rather than a bare id, so a program follows ``api`` to
the other record without knowing how paths are made. The objects are built once per record and shared,
so treat them as read-only. Addresses start with the release's ``base_url`` (the ``--site-url`` of
the build), never a fixed host.
"""

from __future__ import annotations

from .. import model as m
from ..records import Catalogue


def certificate_api_id(number: str) -> str:
    """File name (without ``.json``) of a certificate in the API: its number with ``/`` written as ``~``.

    Numbers match ``[A-Za-z0-9][A-Za-z0-9()/_-]{2,63}``; ``/`` cannot be in a file name, and ``~`` is not
    allowed in a number, so the mapping is one-to-one (``number = id.replace("~", "/")``).
    """
    return number.replace("/", "~")


class Links:
    """Link objects to the records of one catalogue."""

    def __init__(self, catalogue: Catalogue, base_url: str):
        self.c, self.base = catalogue, base_url
        self._cache: dict[tuple[str, str], dict] = {}

    def api(self, path: str) -> str:
        return f"{self.base}api/{path}"

    def _link(self, kind: str, key: str, make) -> dict:
        found = self._cache.get((kind, key))
        if found is None:
            found = self._cache[(kind, key)] = make()
        return found

    def region(self, region_id: str | None) -> dict | None:
        if region_id is None:
            return None
        region = self.c.regions.get(region_id)
        return self._link("region", region_id, lambda: {
            "id": region_id, "name": region.name if region else None, "api": self.api(f"regions/{region_id}.json")})

    def category(self, code: str | None) -> dict | None:
        if code is None:
            return None
        category = self.c.categories.get(code)
        return self._link("category", code, lambda: {
            "code": code, "name": category.name if category else None, "scheme": category.scheme if category else None,
            "api": self.api(f"categories/{code}.json")})

    def scenario(self, code: str) -> dict:
        scenario = self.c.scenarios.get(code)
        return self._link("scenario", code, lambda: {
            "code": code, "name": scenario.name if scenario else None, "api": self.api(f"scenarios/{code}.json")})

    def body(self, body_id: str) -> dict:
        body = self.c.bodies.get(body_id)
        return self._link("body", body_id, lambda: {
            "id": body_id, "name": body.name if body else None, "api": self.api(f"certification-bodies/{body_id}.json")})

    def reason(self, code: str | None) -> dict | None:
        if code is None:
            return None
        reason = self.c.reasons.get(code)
        return self._link("reason", code, lambda: {
            "code": code, "name": reason.name if reason else None, "api": self.api(f"reason-codes/{code}.json")})

    def catalog(self, catalog_id: str) -> dict:
        catalog = self.c.catalogs[catalog_id]
        return self._link("catalog", catalog_id, lambda: {
            "id": catalog_id, "name": catalog.name, "api": self.api(f"catalogs/{catalog_id}.json")})

    def product(self, product: m.Product) -> dict:
        return self._link("product", product.id, lambda: {
            "id": product.id, "name": product.name, "api": self.api(f"products/{product.id}.json")})

    def enterprise(self, credit_code: str | None) -> dict | None:
        if credit_code is None:
            return None
        return self._link("enterprise", credit_code, lambda: {
            "credit_code": credit_code, "name": self.c.enterprises[credit_code].name,
            "api": self.api(f"enterprises/{credit_code}.json")})

    def certificate(self, cert: m.Certificate) -> dict:
        return self._link("certificate", cert.number, lambda: {
            "number": cert.number, "api": self.api(f"certificates/{certificate_api_id(cert.number)}.json")})

    def project(self, project_id: str) -> dict:
        project = self.c.projects[project_id]
        return self._link("project", project_id, lambda: {
            "id": project_id, "name": project.name, "api": self.api(f"projects/{project_id}.json")})

    def negative(self, entry: m.NegativeListEntry) -> dict:
        return self._link("negative", entry.id, lambda: {"id": entry.id, "api": self.api(f"negative-list/{entry.id}.json")})
