"""Chinese labels of the codes the data uses, read from labels.yaml: one copy for every reader.

Templates get them as globals (``STATUS``, ``GRADE`` …), Python code imports them from here, and a
page script that needs them gets ``for_browser()`` as JSON, so no label is kept in step by hand.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import yaml

_DATA = yaml.safe_load(Path(__file__).with_name("labels.yaml").read_text(encoding="utf-8"))

STATUS = MappingProxyType(_DATA["product_status"])
"""Product statuses: a certificate's (valid, expiring, expired, withdrawn), negative-listed, or tested only."""
STATUS_HELP = MappingProxyType(_DATA["status_help"])
"""What each product status means, in a sentence."""
STATUS_WORDS = MappingProxyType({word: tuple(codes) for word, codes in _DATA["status_words"].items()})
"""Words people search with for a certificate status -> the status codes they mean."""
GRADE = MappingProxyType(_DATA["grade"])
"""Certificate grades 1–3."""
ROUTE = MappingProxyType(_DATA["route"])
STAR = MappingProxyType(_DATA["green_building_star"])
"""Green building stars 0–3 of a demonstration project."""
POLICY_LEVEL = MappingProxyType(_DATA["policy_level"])
POLICY_STATUS = MappingProxyType(_DATA["policy_status"])
CHANGE = MappingProxyType(_DATA["change"])
"""Kinds of record change: added, removed, changed."""
FIELD_TYPE = MappingProxyType(_DATA["field_type"])
FIELD_LIMIT = MappingProxyType(_DATA["field_limit"])
HEADLINE = MappingProxyType(_DATA["headline"])
"""Names of the home page's headline figures; charts state their population in the same words."""


def for_browser() -> dict[str, dict[str, str]]:
    """Every label table as JSON-ready data (codes as text), for a page script."""
    return {
        table: {str(code): label for code, label in labels.items()} for table, labels in _DATA.items() if table != "status_words"
    }


def template_globals() -> dict:
    """The names page templates use for the labels."""
    return {
        "STATUS": STATUS,
        "GRADE": GRADE,
        "ROUTE": ROUTE,
        "STAR": STAR,
        "POLICY_LEVEL": POLICY_LEVEL,
        "POLICY_STATUS": POLICY_STATUS,
        "CHANGE": CHANGE,
        "HEADLINE": HEADLINE,
    }
