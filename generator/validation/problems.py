"""Validation problems: every problem is data with a code, a location and a fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProblemCode:
    """One kind of problem the validator can report."""

    code: str
    """Stable slug, e.g. ``credit-code-checksum``; documented in CONTRIBUTING.md."""
    title: str
    """Short Chinese title."""
    title_en: str
    """Short English title."""
    fix: str
    """How to fix it, in Chinese."""
    unusable: bool = False
    """True when the input cannot be read at all (exit status 2)."""


CODES: dict[str, ProblemCode] = {c.code: c for c in (
    ProblemCode("package-missing", "找不到数据包", "data package not found",
                "确认数据目录存在，且每个数据包文件夹中有 datapackage.yaml。", unusable=True),
    ProblemCode("package-unreadable", "数据包无法读取", "data package unreadable",
                "检查 YAML 语法（缩进用空格、引号成对），以及 resources 中列出的 CSV 文件是否存在。", unusable=True),
    ProblemCode("sample-flag", "未声明是否为示例数据", "sample flag missing",
                "在 datapackage.yaml 顶层写 sample: true（虚构示例数据）或 sample: false（真实数据）。"),
    ProblemCode("header-mismatch", "表头与表结构不符", "header does not match schema",
                "表头须与 datapackage.yaml 中 fields 的 name 一一对应、顺序相同、不重复。"),
    ProblemCode("row-shape", "行的单元格数目不对", "wrong number of cells",
                "检查该行是否多了或少了逗号；含逗号的内容要用英文双引号括起来。"),
    ProblemCode("blank-row", "空行", "blank row", "删除该空行。"),
    ProblemCode("type-error", "数据类型不对", "wrong data type",
                "按字段类型填写：日期写成 2025-01-05，整数不带小数点，布尔值写 true 或 false。"),
    ProblemCode("invalid-character", "含有不可见的控制字符", "control or bidi character",
                "删除该单元格中的控制字符或双向文本控制符（常见于从网页或文档复制的文字），重新输入可见文字。"),
    ProblemCode("required-missing", "必填字段为空", "required value missing", "填写该字段。"),
    ProblemCode("enum-mismatch", "取值不在允许范围内", "value not in allowed list",
                "改为 datapackage.yaml 中该字段 enum 列出的值之一。"),
    ProblemCode("pattern-mismatch", "格式不符合要求", "value does not match pattern",
                "按该字段的格式要求修改（见数据字典中的 pattern 和示例）；编号只能含字母、数字、连字符和下划线。"),
    ProblemCode("constraint-violation", "超出取值限制", "value out of bounds",
                "按数据字典中的最小值、最大值或长度限制修改。"),
    ProblemCode("duplicate-key", "编号重复", "duplicate key",
                "每条记录的主键必须唯一：修改重复的编号，或删除重复的行。"),
    ProblemCode("foreign-key", "引用的记录不存在", "reference not found",
                "引用的编号须在被引用的表中存在：先添加被引用的记录，或改正编号。"),
    ProblemCode("reference-missing", "引用的代码不存在", "code not found in reference data",
                "使用基础代码表（catalog_data/reference/）中已有的代码；确需新代码时先在基础代码表中添加。"),
    ProblemCode("credit-code-checksum", "统一社会信用代码校验位错误", "credit code check character wrong",
                "核对统一社会信用代码的 18 位字符；第 18 位是按 GB 32100-2015 计算的校验码。"),
    ProblemCode("certificate-dates", "证书日期不合理", "certificate dates inconsistent",
                "有效期至须晚于发证日期；已撤销的证书须填写撤销日期，未撤销的证书不填撤销日期。"),
    ProblemCode("entry-without-certificate", "认证途径入选但收录日无有效证书", "no valid certificate on listing date",
                "为该产品添加收录日有效的认证证书，或把产品的入选途径改为 demand-standard-tested 并提供检验报告。"),
    ProblemCode("entry-without-test-report", "需求标准途径入选但缺少检验报告", "no test report before listing date",
                "在 test_reports.csv 中为该产品添加收录日之前出具的型式检验报告。"),
    ProblemCode("entry-dates", "收录或移出信息不合理", "listing dates inconsistent",
                "收录日期不得早于批次发布日期；移出日期不得早于收录日期；移出日期与移出原因须同时填写。"),
    ProblemCode("negative-listed-active", "负面清单产品仍在目录中", "negative-listed product still listed",
                "在 catalog_entries.csv 中为该产品填写移出日期（不晚于负面清单决定日期）和移出原因。"),
    ProblemCode("negative-list-subject", "负面清单记录的对象不明确", "negative-list subject unclear",
                "企业和产品至少填一项；同时填写时，产品须由该企业生产。"),
    ProblemCode("orphan-record", "孤立记录", "orphan record",
                "为该记录补上关联数据（如企业的产品、批次的收录记录），或删除该记录。"),
    ProblemCode("ratio-ruleset-invalid", "绿色建材应用比例规则文件有误", "ratio ruleset invalid",
                "按 catalog_data/ratio_rules/ 中已有规则文件的写法修改：分值之和等于满分、占比和得分档从低到高、"
                "星级前提不缺级；可计分的规则中恰有一个写 default: true。"),
    ProblemCode("project-materials", "示范工程材料清单有误", "project bill of materials invalid",
                "材料清单中的分项须是默认计算规则中的分项；同一分项的产品用量之和不能超过该分项的总用量；"
                "列出产品用量的分项须在 demo_project_materials.csv 中写明总用量。"),
    ProblemCode("search-vocabulary", "搜索词表有误", "search vocabulary invalid",
                "search_terms.csv 的目标词须是产品名称、产品分类名称或应用场景名称中出现的写法"
                "（至少两个字，多个用英文分号分隔），且与常用叫法不同；停用词不能是目录中的名称或同义词表中的常用叫法。"),
    ProblemCode("policy-invalid", "政策文件格式不对", "policy file invalid",
                "政策文件须以 --- 包围的 YAML 开头，并包含 id、title、document_number、level、issuers、"
                "status、source_url 等字段。"),
)}


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in the data, with its location."""

    file: str
    """Path of the file, relative to the working directory when possible."""
    row: int | None
    """Line number in the file (the CSV header is line 1), or None for file-level problems."""
    field: str | None
    """Field (column or front-matter key) concerned, if any."""
    code: str
    """Key into ``CODES``."""
    detail: str
    """What is wrong with this record, in Chinese."""

    @property
    def kind(self) -> ProblemCode:
        return CODES[self.code]

    @property
    def message(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" 第 {self.row} 行"
        if self.field:
            where += f" 字段 {self.field}"
        return f"{where}：{self.kind.title}（{self.kind.title_en}）。{self.detail} 修改方法：{self.kind.fix}"

    def as_dict(self) -> dict:
        return {"code": self.code, "file": self.file, "row": self.row, "field": self.field,
                "title": self.kind.title, "title_en": self.kind.title_en, "detail": self.detail,
                "fix": self.kind.fix, "message": self.message}
