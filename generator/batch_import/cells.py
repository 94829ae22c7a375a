"""Cell values of one spreadsheet row, cleaned the way the validator cleans CSV cells and checked
against the Table Schema of the field they are written to.

Excel hands over dates as datetimes or serial numbers, codes typed as numbers as ints or floats, and
text with line breaks typed to fit a narrow column; WPS and hand-typed lists add full-width digits,
2024年1月5日 and trailing spaces. ``normalize.clean_cell`` does what the validator would do with a CSV
cell; this module adds what only a spreadsheet needs, and says in Chinese what to fill in.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter

from .. import creditcode
from ..validation.normalize import FORBIDDEN, clean_cell
from .columns import kinds
from .outcome import Finding
from .sheet import SheetRow

_TIME = re.compile(r"^(\S+)[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COMPACT = re.compile(r"^(20\d{2})(\d{2})(\d{2})$")
_ANY_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?")
_CJK_BREAK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s*\n\s*(?=[\u3000-\u9fff\uff00-\uffef])")
_GRADES = {"1": "1", "2": "2", "3": "3", "一": "1", "二": "2", "三": "3", "I": "1", "II": "2", "III": "3"}
_GRADE_TEXT = re.compile(r"^(III|II|I|[123一二三])\s*(星级|星|级)?$")
_SCIENTIFIC = re.compile(r"\d(\.\d+)?[Ee]\+?\d+")


class RowCells:
    """Typed access to one row's cells; every problem is recorded with the row and the column."""

    def __init__(self, row: SheetRow, fields: dict[str, dict], counts: Counter):
        self.row = row
        self._fields = fields
        """``table.field`` -> field descriptor from datapackage.yaml."""
        self._counts = counts
        self.problems: list[Finding] = []
        self.notices: list[Finding] = []

    def has_column(self, kind: str) -> bool:
        return kind in self.row.columns

    def problem(self, kind: str | None, code: str, message: str) -> None:
        self.problems.append(Finding(code, message, self.row.number, self.row.column(kind) if kind else None))

    def notice(self, kind: str | None, code: str, message: str) -> None:
        self.notices.append(Finding(code, message, self.row.number, self.row.column(kind) if kind else None))

    def _field(self, kind: str) -> dict:
        target = kinds()[kind].target
        return self._fields.get(target, {}) if target else {}

    def _raw(self, kind: str) -> str:
        value = self.row.values.get(kind)
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def text(self, kind: str) -> str | None:
        """The cleaned cell text, checked against its field's constraints; None when empty or wrong."""
        raw = self._raw(kind)
        if forbidden := FORBIDDEN.search(raw):
            self.problem(
                kind,
                "invalid-character",
                f"含有不可见的控制字符 {forbidden.group()!r}（常见于从网页或文档复制的文字）：删掉该单元格内容，重新输入。",
            )
            return None
        spec = self._field(kind)
        constraints = spec.get("constraints", {})
        strict = bool({"pattern", "enum"} & set(constraints))
        value = clean_cell(_CJK_BREAK.sub("", raw), "string", strict, self._counts)
        value = " ".join(value.split())
        if not value:
            return None
        if "maxLength" in constraints and len(value) > constraints["maxLength"]:
            self.problem(
                kind,
                "too-long",
                f"“{value[:20]}…”有 {len(value)} 个字符，超过{spec.get('title', '')}的上限 "
                f"{constraints['maxLength']}：请核对是否把几列内容填进了同一格。",
            )
            return None
        if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
            self.problem(
                kind,
                "bad-format",
                f"“{value}”不符合{spec.get('title', '')}的格式（{constraints['pattern']}）："
                "请照原件核对，去掉空格、中文标点等多余字符。",
            )
            return None
        return value

    def required(self, kind: str, why: str) -> str | None:
        """A value that must be present: says which column to fill (or add) when it is empty."""
        value = self.text(kind)
        if value is None and not self._raw(kind).strip():
            self.missing(kind, why)
        return value

    def missing(self, kind: str, why: str) -> None:
        title = kinds()[kind].title
        if self.has_column(kind):
            self.problem(kind, "missing-value", f"{title}为空：{why}，请填写。")
        else:
            self.problem(None, "missing-column", f"表中没有“{title}”列：{why}；请在表中加一列“{title}”并逐行填写。")

    def date(self, kind: str, *, last: bool = False) -> str | None:
        """An ISO date; with ``last``, the later date of a range such as 2024.1.5—2029.1.4."""
        raw = self._raw(kind)
        if not raw.strip():
            return None
        found = _ANY_DATE.findall(raw)
        value = self._parse_date((found[-1] if last else found[0]) if len(found) == 2 else raw, self._counts)
        if value is None:
            self.problem(kind, "bad-date", f"“{raw}”不是可以识别的日期：请写成 2024-01-05、2024/1/5 或 2024年1月5日。")
        return value

    def date_range(self, kind: str) -> tuple[str, str] | None:
        """Both dates of a cell written as a range (证书有效期 2024.1.5-2029.1.4), else None."""
        found = _ANY_DATE.findall(self._raw(kind))
        dates = [self._parse_date(text, Counter()) for text in found]
        return (dates[0], dates[1]) if len(dates) == 2 and all(dates) else None

    @staticmethod
    def _parse_date(text: str, counts: Counter) -> str | None:
        match = _TIME.match(text.strip())
        value = clean_cell(match.group(1) if match else text, "date", True, counts)
        if compact := _COMPACT.match(value):  # 20240105, as some systems export dates
            value = "-".join(compact.groups())
        try:
            return dt.date.fromisoformat(value).isoformat() if _ISO.match(value) else None
        except ValueError:
            return None

    def grade(self) -> str | None:
        """1, 2 or 3 from 三星级, 3星, ★★★, ３ and the like."""
        raw = unicodedata.normalize("NFKC", clean_cell(self._raw("grade"), "integer", True, self._counts))  # Ⅲ → III
        if not raw:
            return None
        stars = raw.count("★") or raw.count("☆")
        if stars and raw.strip("★☆ 星级") == "":
            value = str(stars) if stars <= 3 else None
        else:
            match = _GRADE_TEXT.match(raw)
            value = _GRADES[match.group(1)] if match else None
        if value is None:
            self.problem("grade", "bad-grade", f"“{raw}”不是星级：请填写一星级、二星级或三星级（也可写 1、2、3）。")
        return value

    def credit_code(self) -> str | None:
        """An 18-character unified social credit code with a correct check character; None when empty or wrong."""
        value = self.row.values.get("credit_code")
        raw = self._raw("credit_code")
        if isinstance(value, float) or _SCIENTIFIC.fullmatch(raw.strip()):
            self.problem(
                "credit_code",
                "credit-code-as-number",
                f"“{raw}”：统一社会信用代码被 Excel 存成了数字，只保留了 15 位有效数字，后几位已经丢失。"
                "请把该列设为“文本”格式，照营业执照重新填写 18 位代码。",
            )
            return None
        code = "".join(clean_cell(raw, "string", True, self._counts).upper().split())
        if not code:
            return None
        pattern = self._field("credit_code").get("constraints", {}).get("pattern", ".*")
        if len(code) != 18 or not re.fullmatch(pattern, code):
            length = f"只有 {len(code)} 位，" if len(code) < 18 else f"有 {len(code)} 位，" if len(code) > 18 else ""
            self.problem(
                "credit_code",
                "bad-credit-code",
                f"“{code}”{length}不是统一社会信用代码：应为 18 位数字或大写字母（不含 I、O、S、V、Z），请照营业执照填写。",
            )
            return None
        if not creditcode.is_valid(code):
            self.problem(
                "credit_code",
                "credit-code-checksum",
                f"“{code}”的第 18 位校验码应为“{creditcode.check_character(code[:17])}”：说明有一位抄错了，"
                "请对照营业执照或国家企业信用信息公示系统逐位核对，不要只改校验码。",
            )
            return None
        return code
