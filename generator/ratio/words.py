"""The ratio's sentences and number grammar, read from ``wording.yaml``.

The calculator page embeds the same file (``WORDING``) so the browser parses numbers and
words its results exactly as the command line does.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

from ..labels import STAR

WORDING: dict = yaml.safe_load(Path(__file__).with_name("wording.yaml").read_text(encoding="utf-8"))
WORDING["result"]["stars"] = [STAR[level] for level in (1, 2, 3)]
"""Star levels by index (一星级 first), from the one labels table."""
_NUMBER = re.compile(WORDING["number"]["pattern"])
_REPLACE = str.maketrans(WORDING["number"]["replace"])
_TRIM = WORDING["number"]["trim"]


def say(section: str, key: str, **values) -> str:
    """One sentence of ``wording.yaml`` with its {placeholders} filled."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), WORDING[section][key])


def label(section: str, key: str) -> str:
    return WORDING[section][key]


def parse_number(value) -> float | None:
    """A number from YAML or typed text, or None when it is not one by the shared grammar.

    Text is read after replacing full-width digits and trimming spaces; ``1_000``, ``1,000``,
    ``1e3`` and other scripts' digits are not numbers. Booleans are not numbers.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.translate(_REPLACE).strip(_TRIM)
        if not _NUMBER.fullmatch(text):
            return None
        number = float(text)
    else:
        return None
    return number if number == number and abs(number) != float("inf") else None


def fixed(value: float, digits: int) -> str:
    """``value`` with ``digits`` decimals, ties away from zero on the exact binary value.

    The browser's ``toFixed`` on the absolute value does the same, so both print the same figures.
    """
    text = str(Decimal(abs(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))
    return ("-" + text) if value < 0 and Decimal(text) != 0 else text


def plain(value: float) -> str:
    """A quantity as people write it: up to four decimals, no trailing zeros."""
    text = fixed(value, 4)
    return text.rstrip("0").rstrip(".") if "." in text else text
