"""Validation problems: every problem is data with a code, a location, the value and the fix.

``CODES`` is the one table of problem kinds: a stable slug (each has a section in CONTRIBUTING.md, anchored
by the slug), a Chinese title, the general fix, and whether it is an error or a notice. A ``Problem`` is one
finding: where it is, what the cell holds, and what to write instead (``fix`` and machine-readable
``suggestions``); without its own fix it falls back to the kind's general one.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProblemCode:
    """One kind of problem the validator can report."""

    code: str
    """Stable slug, e.g. ``credit-code-checksum``; CONTRIBUTING.md has a section with this anchor."""
    title: str
    """Short Chinese title."""
    title_en: str
    """Short English title (for the JSON report; messages are Chinese only)."""
    fix: str
    """How to fix it in general, in Chinese; a problem usually says more precisely."""
    unusable: bool = False
    """True when the input cannot be read at all (exit status 2)."""
    notice: bool = False
    """True for a notice: reported, but the data stay valid."""


CODES: dict[str, ProblemCode] = {
    c.code: c
    for c in (
        ProblemCode(
            "package-missing",
            "找不到数据包",
            "data package not found",
            "确认数据目录存在，且每个数据包文件夹中有 datapackage.yaml。",
            unusable=True,
        ),
        ProblemCode(
            "package-unreadable",
            "数据包无法读取",
            "data package unreadable",
            "检查 YAML 语法（缩进用空格、引号成对），以及 resources 中列出的 CSV 文件是否存在。",
            unusable=True,
        ),
        ProblemCode(
            "sample-flag",
            "未声明是否为示例数据",
            "sample flag missing",
            "在 datapackage.yaml 顶层写 sample: true（虚构示例数据）或 sample: false（真实数据）。",
        ),
        ProblemCode(
            "header-mismatch",
            "表头与表结构不符",
            "header does not match schema",
            "表头须与 datapackage.yaml 中 fields 的 name 一一对应、顺序相同、不重复。",
        ),
        ProblemCode(
            "row-shape",
            "行的单元格数目不对",
            "wrong number of cells",
            "检查该行是否多了或少了逗号；含英文逗号的内容要用英文双引号括起来。",
        ),
        ProblemCode("blank-row", "空行", "blank row", "删除该空行。"),
        ProblemCode(
            "placeholder", "还有没填写的占位内容", "placeholder left in", "把“待填写”或骨架中的示例值改成这条记录的真实内容。"
        ),
        ProblemCode(
            "type-error",
            "数据类型不对",
            "wrong data type",
            "按字段类型填写：日期写成 2025-01-05，数字只写阿拉伯数字，整数不带小数点，布尔值写 true 或 false。",
        ),
        ProblemCode(
            "value-with-unit",
            "数值里写了单位",
            "unit written into a number",
            "数值单元格只写数字，单位写在单位列或字段说明规定的单位里。",
        ),
        ProblemCode(
            "invalid-character",
            "含有不可见的控制字符",
            "control or bidi character",
            "删除该单元格中的控制字符或双向文本控制符（常见于从网页或文档复制的文字），重新输入可见文字。",
        ),
        ProblemCode("required-missing", "必填字段为空", "required value missing", "填写该字段。"),
        ProblemCode("enum-mismatch", "取值不在允许范围内", "value not in allowed list", "改为该字段允许的值之一（见数据字典）。"),
        ProblemCode(
            "pattern-mismatch",
            "格式不符合要求",
            "value does not match pattern",
            "按该字段的格式修改（见数据字典中的示例）；编号只能含字母、数字、连字符和下划线。",
        ),
        ProblemCode(
            "constraint-violation", "超出取值限制", "value out of bounds", "按数据字典中的最小值、最大值或长度上限修改。"
        ),
        ProblemCode(
            "duplicate-key", "编号重复", "duplicate key", "每条记录的编号必须唯一：给新记录换一个没用过的编号，或删除重复的行。"
        ),
        ProblemCode(
            "foreign-key", "引用的记录不存在", "reference not found", "改正编号，或先添加被引用的记录（可以在同一个拉取请求里）。"
        ),
        ProblemCode(
            "reference-missing",
            "引用的代码不存在",
            "code not found in reference data",
            "改用基础代码表（catalog_data/reference/）中已有的代码；基础代码表由维护者管理，没有合适的代码时请在拉取请求中说明。",
        ),
        ProblemCode(
            "credit-code-checksum",
            "统一社会信用代码校验位错误",
            "credit code check character wrong",
            "对照营业执照或国家企业信用信息公示系统逐位核对 18 位代码，不要只改最后一位。",
        ),
        ProblemCode(
            "certificate-dates",
            "证书日期不合理",
            "certificate dates inconsistent",
            "有效期至须晚于发证日期；已撤销的证书须填写撤销日期，未撤销的证书不填撤销日期。",
        ),
        ProblemCode(
            "product-without-evidence",
            "产品缺少入选途径要求的证明材料",
            "route evidence missing",
            "certified 产品要在 certificates.csv 中有证书；demand-standard-tested 产品要在 test_reports.csv 中"
            "有型式检验（type-test）报告。",
        ),
        ProblemCode(
            "entry-without-certificate",
            "认证途径入选但收录日无有效证书",
            "no valid certificate on listing date",
            "为该产品添加收录日有效的认证证书，或把产品的入选途径改为 demand-standard-tested 并提供检验报告。",
        ),
        ProblemCode(
            "entry-without-test-report",
            "需求标准途径入选但缺少检验报告",
            "no test report before listing date",
            "在 test_reports.csv 中为该产品添加收录日之前出具的型式检验报告。",
        ),
        ProblemCode(
            "entry-dates",
            "收录或移出信息不合理",
            "listing dates inconsistent",
            "收录日期不得早于批次发布日期；移出日期不得早于收录日期；移出日期与移出原因须同时填写。",
        ),
        ProblemCode(
            "negative-listed-active",
            "负面清单产品仍在目录中",
            "negative-listed product still listed",
            "在 catalog_entries.csv 中为该产品填写移出日期（不晚于负面清单决定日期）和移出原因。",
        ),
        ProblemCode(
            "negative-list-subject",
            "负面清单记录的对象不明确",
            "negative-list subject unclear",
            "企业和产品至少填一项；同时填写时，产品须由该企业生产。",
        ),
        ProblemCode(
            "orphan-record", "孤立记录", "orphan record", "为该记录补上关联数据（如企业的产品、批次的收录记录），或删除该记录。"
        ),
        ProblemCode(
            "ratio-ruleset-invalid",
            "绿色建材应用比例规则文件有误",
            "ratio ruleset invalid",
            "按 catalog_data/ratio_rules/ 中已有规则文件的写法修改：分值之和等于满分、占比和得分档从低到高、"
            "星级前提不缺级；可计分的规则中恰有一个写 default: true。",
        ),
        ProblemCode(
            "project-materials",
            "示范工程材料清单有误",
            "project bill of materials invalid",
            "材料清单中的分项须是默认计算规则中的分项；同一分项的产品用量之和不能超过该分项的总用量；"
            "列出产品用量的分项须在 demo_project_materials.csv 中写明总用量。",
        ),
        ProblemCode(
            "search-vocabulary",
            "搜索词表有误",
            "search vocabulary invalid",
            "search_terms.csv 的目标词须是产品名称、产品分类名称或应用场景名称中出现的写法"
            "（至少两个字，多个用英文分号分隔），且与常用叫法不同；停用词不能是目录中的名称或同义词表中的常用叫法。",
        ),
        ProblemCode(
            "policy-invalid",
            "政策文件格式不对",
            "policy file invalid",
            "政策文件须以 --- 包围的 YAML 开头，并包含 id、title、document_number、level、issuers、status、source_url 等字段。",
        ),
        ProblemCode(
            "normalized",
            "读取时做了格式处理",
            "normalised while reading",
            "不必修改；想让文件更规范，可按提示另存为 UTF-8、逗号分隔，日期写成 YYYY-MM-DD。",
            notice=True,
        ),
        ProblemCode(
            "formula-like",
            "单元格可能被电子表格当作公式",
            "cell a spreadsheet may run as a formula",
            "如果这就是要公开的文字，可以不改；用电子表格打开下载的 CSV 时注意它不是公式。",
            notice=True,
        ),
    )
}


SHOWN = 5
"""Other places named in a message at most."""


@dataclass(frozen=True)
class Issue:
    """What is wrong with one cell by itself and how to fix it (cells.py, dates.py): a ``Problem`` once it has a place."""

    code: str
    detail: str
    fix: str
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    """One problem found in the data, with its location, the value concerned and the fix."""

    file: str
    """Path of the file, relative to the working directory when possible."""
    row: int | None
    """Line number in the file (the CSV header is line 1), or None for file-level problems."""
    field: str | None
    """Field (column or front-matter key) concerned, if any."""
    code: str
    """Key into ``CODES``."""
    detail: str
    """What is wrong with this record, in Chinese, quoting the cell."""
    fix_text: str = field(default="", compare=False)
    """How to fix this record, in Chinese; empty means the kind's general fix."""
    suggestions: tuple[str, ...] = field(default=(), compare=False)
    """Values to write instead, best first (for tools and tests; the fix names them too)."""
    cause: tuple | None = field(default=None, compare=False)
    """(file, row, field) of the problem this one follows from; reported under it, not on its own."""
    group: tuple | None = field(default=None, compare=False)
    """Problems with the same group are one mistake seen in several places: reported once, with a count."""
    also: tuple[str, ...] = field(default=(), compare=False)
    """Other places with the same mistake or following from it ("catalog_entries.csv 第 5 行")."""
    affects: bool = field(default=False, compare=False)
    """True when ``also`` are places this problem breaks, False when they are places that refer to it."""

    @property
    def kind(self) -> ProblemCode:
        return CODES[self.code]

    @property
    def fix(self) -> str:
        return self.fix_text or self.kind.fix

    @property
    def where(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" 第 {self.row} 行"
        if self.field:
            where += f" 字段 {self.field}"
        return where

    @property
    def message(self) -> str:
        return f"{self.where}：{self.kind.title}。{_sentence(self.detail)}{self.others}修改方法：{_sentence(self.fix)}"

    @property
    def others(self) -> str:
        """'另有 N 处引用它：…。' when the same mistake shows elsewhere, else nothing."""
        if not self.also:
            return ""
        shown = "、".join(self.also[:SHOWN]) + ("等" if len(self.also) > SHOWN else "")
        return f"另有 {len(self.also)} 处{'受它影响' if self.affects else '引用它'}：{shown}；改好这一处，它们也就好了。"

    def location(self) -> tuple:
        return (self.file, self.row, self.field)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "severity": "notice" if self.kind.notice else "error",
            "title": self.kind.title,
            "title_en": self.kind.title_en,
            "detail": self.detail,
            "fix": self.fix,
            "suggestions": list(self.suggestions),
            "also": list(self.also),
            "message": self.message,
        }


def _sentence(text: str) -> str:
    """The text ending in a full stop, so that sentences join without doubled or missing punctuation."""
    text = text.strip()
    return text if not text or text[-1] in "。！？" else text + "。"


class Known(set):
    """Locations of the problems already reported, and the values they suggest (value → location).

    Later checks use it to tell a knock-on finding from a mistake of its own: a batch row whose id is
    reported with the suggestion 2025-1 is what entries referring to batch 2025-1 were looking for.
    """

    def __init__(self, problems=()):
        super().__init__(p.location() for p in problems)
        self.suggested: dict[str, tuple] = {}
        for problem in problems:
            for value in problem.suggestions:
                self.suggested.setdefault(value, problem.location())
