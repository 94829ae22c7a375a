"""What the data folder already holds, indexed the ways an import looks records up.

Records are kept as text (as ``generator diff`` compares them) with the line they start on, so a
changed record can be rewritten in place. The import adds its own records to the same indexes, so a
maker or product that appears on several rows of the list is created once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diff import snapshot_of
from ..scaffold import next_product_id
from ..validation.load import DataSet
from .match import Entry, Region, core, plain


@dataclass
class Record:
    """One record to write: its fields as text and where in the spreadsheet they came from."""

    values: dict[str, str]
    line: int | None = None
    """Line of the record in its CSV file; None for a record the import adds."""
    row: int | None = None
    """Spreadsheet row it came from (None for the batch, which comes from the command line)."""
    columns: dict[str, str] = field(default_factory=dict)
    """Field -> column kind it was read from, to locate validator problems in the spreadsheet."""
    changed: dict[str, str] = field(default_factory=dict)
    """For an existing record: field -> new text."""


def product_key(enterprise: str, name: str, model: str) -> tuple[str, str, str]:
    """A product is the same when the maker, the name and the model are (spaces and full-width aside)."""
    return enterprise, plain(name), plain(model).upper()


class Known:
    """Indexes over the current records; ``add`` puts an imported record into them."""

    def __init__(self, data: DataSet):
        t = data.tables
        self.fields = {f"{name}.{f['name']}": f for name, table in t.items() for f in table.schema.get("fields", [])}
        snapshot = snapshot_of(data)
        self.records: dict[str, dict[str, Record]] = {
            name: {key: Record(values, line) for key, (values, _, line) in snapshot[name].items()} for name in t
        }
        self.keys = {name: table.schema.get("primaryKey") or [table.schema["fields"][0]["name"]] for name, table in t.items()}
        self.products_by_key = {
            product_key(r.values["enterprise"], r.values["name"], r.values["model"]): r.values["id"]
            for r in self.records["products"].values()
        }
        self.added: dict[str, list[Record]] = {}
        categories = [r.values for r in self.records["categories"].values()]
        self.category_items = [c for c in categories if c["level"] == "item"]
        self.category_classes = [c for c in categories if c["level"] == "class"]
        self.regions = [
            Region(r.values["id"], r.values["name"], r.values.get("division_code", "")) for r in self.records["regions"].values()
        ]
        self.bodies = [Entry(r.values["id"], r.values["name"]) for r in self.records["certification_bodies"].values()]
        self.scenarios = [Entry(r.values["code"], r.values["name"]) for r in self.records["scenarios"].values()]
        self.negative = list(self.records["negative_list"].values())
        self._names: dict[str, list[Record]] = {}
        self._cores: list[tuple[tuple[str, str], Record]] = []
        for record in self.records["enterprises"].values():
            self._index_maker(record)
        self._next_product = next_product_id(self.records["products"])

    def _index_maker(self, record: Record) -> None:
        name, short = plain(record.values["name"]), plain(record.values.get("short_name", ""))
        for key in dict.fromkeys(k for k in (name, short) if k):
            self._names.setdefault(key, []).append(record)
        self._cores.append(((core(record.values["name"]), short), record))

    def makers_named(self, name: str) -> list[Record]:
        """Makers whose name or short name is ``name`` (in ``plain`` form)."""
        return list(self._names.get(name, []))

    def maker_names(self) -> list[tuple[tuple[str, str], Record]]:
        """((core of the name, short name), record) of every maker, for the nearest-name search."""
        return self._cores

    def new_product_id(self) -> str:
        """The next free product id (P00001 style); each call gives a new one."""
        chosen, self._next_product = self._next_product, next_product_id([self._next_product])
        return chosen

    def get(self, table: str, *key: str) -> Record | None:
        return self.records[table].get("/".join(key))

    def add(self, table: str, record: Record) -> Record:
        """Add a new record (indexed at once) and remember it for writing."""
        key = "/".join(record.values.get(k, "") for k in self.keys[table])
        self.records[table][key] = record
        self.added.setdefault(table, []).append(record)
        if table == "products":
            v = record.values
            self.products_by_key[product_key(v["enterprise"], v["name"], v["model"])] = v["id"]
        if table == "enterprises":
            self._index_maker(record)
        return record

    def change(self, record: Record, values: dict[str, str], row: int | None, columns: dict[str, str]) -> dict:
        """Change fields of a record (an existing one is rewritten in place); return field -> (old, new)."""
        different = {k: (record.values.get(k, ""), v) for k, v in values.items() if record.values.get(k, "") != v}
        record.values.update({k: new for k, (_, new) in different.items()})
        if different and record.line is not None:
            record.changed.update({k: new for k, (_, new) in different.items()})
            record.row, record.columns = row, {**record.columns, **columns}
        return different

    def changed(self, table: str) -> list[Record]:
        return [r for r in self.records[table].values() if r.changed]
