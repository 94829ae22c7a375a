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

    def _link(self, folder: str, key_name: str, key: str, record, **more) -> dict:
        """The link to ``record`` (None when the key names no record: the name is then None too), made once."""
        found = self._cache.get((folder, key))
        if found is None:
            found = self._cache[(folder, key)] = {
                key_name: key,
                "name": getattr(record, "name", None),
                **more,
                "api": self.api(f"{folder}/{key}.json"),
            }
        return found

    def region(self, region_id: str | None) -> dict | None:
        return None if region_id is None else self._link("regions", "id", region_id, self.c.regions.get(region_id))

    def category(self, code: str | None) -> dict | None:
        if code is None:
            return None
        category = self.c.categories.get(code)
        return self._link("categories", "code", code, category, scheme=getattr(category, "scheme", None))

    def scenario(self, code: str) -> dict:
        return self._link("scenarios", "code", code, self.c.scenarios.get(code))

    def body(self, body_id: str) -> dict:
        return self._link("certification-bodies", "id", body_id, self.c.bodies.get(body_id))

    def reason(self, code: str | None) -> dict | None:
        return None if code is None else self._link("reason-codes", "code", code, self.c.reasons.get(code))

    def catalog(self, catalog_id: str) -> dict:
        return self._link("catalogs", "id", catalog_id, self.c.catalogs.get(catalog_id))

    def product(self, product: m.Product) -> dict:
        return self._link("products", "id", product.id, product)

    def enterprise(self, credit_code: str | None) -> dict | None:
        return (
            None
            if credit_code is None
            else self._link("enterprises", "credit_code", credit_code, self.c.enterprises.get(credit_code))
        )

    def project(self, project_id: str) -> dict:
        return self._link("projects", "id", project_id, self.c.projects.get(project_id))

    def certificate(self, cert: m.Certificate) -> dict:
        """A certificate is named by its number, and has no name."""
        return {"number": cert.number, "api": self.api(f"certificates/{certificate_api_id(cert.number)}.json")}

    def negative(self, entry: m.NegativeListEntry) -> dict:
        """A negative-list entry is named by its id, and has no name."""
        return {"id": entry.id, "api": self.api(f"negative-list/{entry.id}.json")}
