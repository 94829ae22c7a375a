"""Add and rewrite records of a CSV file in the file's own format, leaving every other byte as it was.

The encoding (UTF-8, with or without BOM, or GB18030), line endings, delimiter and quoting style are
read from the file; new records go at the end, a corrected record is rewritten where it stands with
only its changed cells replaced. So the pull request's diff shows exactly the records the import
touched.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass

from ..validation.normalize import delimiter_of


@dataclass(frozen=True)
class CsvStyle:
    encoding: str
    newline: str
    delimiter: str
    quoting: int


def style_of(data: bytes) -> tuple[str, CsvStyle]:
    """The file's text and the style to write new records in."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    else:
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "gb18030"
    text = data.decode(encoding)
    first_end = text.find("\n")
    newline = "\r\n" if first_end > 0 and text[first_end - 1] == "\r" else "\n"
    header = text[: first_end if first_end >= 0 else len(text)].rstrip("\r")
    delimiter = delimiter_of(text)
    names = next(csv.reader([header], delimiter=delimiter), [])
    quoted = header.startswith('"') and header.count('"') >= 2 * len(names)
    return text, CsvStyle(encoding, newline, delimiter, csv.QUOTE_ALL if quoted else csv.QUOTE_MINIMAL)


def _format(cells: list[str], style: CsvStyle) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=style.delimiter, quoting=style.quoting, lineterminator=style.newline).writerow(cells)
    return out.getvalue()


def _count_lines(text: str) -> int:
    return len(io.StringIO(text, newline="").readlines())


def edit(data: bytes, changed: dict[int, dict[str, str]], added: list[dict[str, str]]) -> tuple[bytes, dict, list[int]]:
    """The file with records changed (by starting line: field -> text) and added.

    Returns the new bytes, old line -> new line of each changed record, and the line of each added
    record (lines as the validator counts them, the header being line 1).
    """
    text, style = style_of(data)
    physical = io.StringIO(text, newline="").readlines()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=style.delimiter)
    header = next(reader, [])
    spans, start = {}, reader.line_num + 1
    for cells in reader:
        spans[start] = (reader.line_num, cells)
        start = reader.line_num + 1
    out, moved, number, line = [], {}, 1, 1
    while line <= len(physical):
        if line in changed and line in spans:
            end, cells = spans[line]
            values = dict(zip(header, cells, strict=False)) | changed[line]
            record = _format([values.get(name, "") for name in header] + cells[len(header) :], style)
            if end == len(physical) and not physical[-1].endswith(("\n", "\r")):
                record = record[: -len(style.newline)]
            out.append(record)
            moved[line] = number
            number += _count_lines(record)
            line = end + 1
        else:
            out.append(physical[line - 1])
            number += 1
            line += 1
    if out and not out[-1].endswith(("\n", "\r")):
        out.append(style.newline)
    lines = []
    for values in added:
        record = _format([values.get(name, "") for name in header], style)
        lines.append(number)
        out.append(record)
        number += _count_lines(record)
    return "".join(out).encode(style.encoding), moved, lines
