"""Command line: parses arguments and calls the library."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from pathlib import Path

from .errors import DataError, GeneratorError, SettingsError
from .settings import ROOT, Settings
from .validation import report as report_format


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期须写成 YYYY-MM-DD（got {text!r}）") from exc


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m generator", description="吉林省绿色建材开放数据站点生成器")
    main.add_argument("--debug", action="store_true", help="出错时显示 Python 调用栈（traceback）")
    commands = main.add_subparsers(dest="command", required=True)

    check = commands.add_parser("validate", help="校验数据包（validate the data packages）")
    check.add_argument("data", nargs="?", type=Path, default=ROOT / "catalog_data", help="数据目录（默认 catalog_data/）")
    check.add_argument("--format", choices=report_format.FORMATS, default="text", help="输出格式")

    build = commands.add_parser("build", help="校验并生成整个网站（validate and build the site）")
    build.add_argument("--data", type=Path, default=ROOT / "catalog_data", help="数据目录（默认 catalog_data/）")
    build.add_argument("--out", type=Path, default=ROOT / "site", help="输出目录（默认 site/）")
    build.add_argument(
        "--as-of", type=_date, default=None, help="计算证书状态所依据的日期（默认今天，或 SOURCE_DATE_EPOCH 对应的日期）"
    )
    build.add_argument(
        "--site-url",
        metavar="URL",
        default=None,
        help="网站发布的完整地址，如 https://www.example.gov.cn/lsjc/data/（默认取环境变量 SITE_URL，"
        "再默认取 mkdocs.yml 的 site_url）；永久链接、引用、网站地图、接口和 404 页都用它",
    )
    build.add_argument(
        "--directory-urls",
        choices=("yes", "no"),
        default=None,
        help="站内链接是否以文件夹结尾（默认取 mkdocs.yml 的 use_directory_urls）；"
        "no：链接以 index.html 结尾，用于不能自动显示文件夹首页的对象存储",
    )

    package = commands.add_parser("package", help="把生成好的网站打包成 site.tar.gz 和 SHA-256（package the built site）")
    package.add_argument("site", nargs="?", type=Path, default=ROOT / "site", help="生成好的网站目录（默认 site/）")
    package.add_argument("--out", type=Path, default=ROOT / "dist", help="输出目录（默认 dist/）")

    ratio = commands.add_parser("ratio", help="计算项目的绿色建材应用比例（green materials application ratio）")
    ratio.add_argument("project", type=Path, help="项目 YAML 文件")
    ratio.add_argument("--ruleset", default=None, help="计算规则 id（默认用 default: true 的规则）")
    ratio.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    ratio.add_argument("--data", type=Path, default=ROOT / "catalog_data", help="数据目录（查找产品和规则）")
    ratio.add_argument(
        "--as-of", type=_date, default=None, help="判断产品证书和在录状态所依据的日期（默认取项目文件的 as_of，再默认今天）"
    )

    diff = commands.add_parser("diff", help="逐条记录比较两个数据版本（record-level diff）")
    diff.add_argument("base", help="旧版本：文件夹，或 git 版本（如 origin/main）")
    diff.add_argument("head", help="新版本：文件夹，或 git 版本（如 HEAD）")
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text", help="输出格式")
    diff.add_argument("--data-path", default="catalog_data", help="git 版本中数据文件夹的路径")

    new = commands.add_parser("new", help="生成一条记录的骨架（record skeleton），避免手工复制行")
    new.add_argument("kind", choices=("product", "enterprise", "certificate"), help="记录类型")
    new.add_argument("--append", action="store_true", help="直接追加到对应的 CSV 文件末尾")
    new.add_argument("--data", type=Path, default=ROOT / "catalog_data", help="数据目录")

    batch = commands.add_parser(
        "import",
        help="从电子表格导入一个目录批次（official batch list → data package）",
        description="把目录批次公告附带的 Excel/WPS 表格（.xlsx）或 CSV 导入 catalog_data/："
        "新增企业、产品、证书或检验报告、批次和收录记录，然后校验；有任何问题时数据目录保持不变。",
    )
    batch.add_argument("spreadsheet", type=Path, help="公告附表：.xlsx，或任意编码的 .csv")
    batch.add_argument("--catalog", required=True, help="目录编号（catalogs.csv 的 id，如 procurement）")
    batch.add_argument("--batch", required=True, help="批次编号，写成“年份-序号”，如 2026-2")
    batch.add_argument("--batch-name", default=None, help="批次名称（新批次默认按编号写成“2026年第二批”）")
    batch.add_argument("--document-number", default=None, help="公告文号，如 吉建科〔2026〕5号")
    batch.add_argument(
        "--published", type=_date, default=None, help="公告发布日期 YYYY-MM-DD，也是本批产品的收录日期（新批次必填）"
    )
    batch.add_argument("--sheet", default=None, help="工作表名称（默认取第一个能找到表头的工作表）")
    batch.add_argument("--data", type=Path, default=ROOT / "catalog_data", help="数据目录（默认 catalog_data/）")
    batch.add_argument(
        "--dry-run", action="store_true", help="试运行：只打印导入后的逐条记录变更（与 generator diff 相同），不改动数据目录"
    )

    synth = commands.add_parser("synth", help="生成虚构的合成数据（synthetic data for samples and benchmarks）")
    synth.add_argument("--products", type=int, required=True, help="产品数")
    synth.add_argument("--enterprises", type=int, default=None, help="企业数（默认产品数的四分之一）")
    synth.add_argument("--seed", type=int, default=1, help="随机种子")
    synth.add_argument("--as-of", type=_date, default=dt.date(2026, 11, 25), help="证书状态围绕的日期")
    synth.add_argument("--out", type=Path, required=True, help="输出的数据目录")
    return main


def main(argv: list[str] | None = None) -> int:
    """Run one command; a failure the user can act on is printed as its message, a bug as an internal error
    (with the traceback under ``--debug``)."""
    args = parser().parse_args(argv)
    try:
        return _run(args)
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the one place a bug becomes a message instead of a traceback
        print(
            f"内部错误（internal error）：{type(exc).__name__}: {exc}\n请报告问题，加 --debug 可看到详细信息。", file=sys.stderr
        )
        if args.debug:
            traceback.print_exception(exc, file=sys.stderr)
        return 1


def _settings(args) -> Settings:
    """mkdocs.yml's settings; a build takes its address from --site-url, else SITE_URL, else mkdocs.yml."""
    if args.command != "build":
        return Settings.load()
    overrides = {} if args.directory_urls is None else {"directory_urls": args.directory_urls == "yes"}
    if args.site_url is not None:
        return Settings.load(site_url=args.site_url, origin="--site-url", **overrides)
    if "SITE_URL" in os.environ:
        return Settings.load(site_url=os.environ["SITE_URL"], origin="环境变量 SITE_URL", **overrides)
    return Settings.load(**overrides)


def _run(args) -> int:
    settings = _settings(args)
    if args.command == "validate":
        from .validation.validate import validate

        result = validate(args.data, settings)
        print(report_format.format_report(result, args.format, settings))
        return result.exit_status
    if args.command == "build":
        from .build import BuildFailed, build

        try:
            stats = build(args.data, args.out, as_of=args.as_of, settings=settings)
        except BuildFailed as exc:
            print(exc, file=sys.stderr)
            if args.debug and exc.__cause__ is not None:
                traceback.print_exception(exc.__cause__, file=sys.stderr)
            return exc.exit_status
        print(stats.describe())
        return 0
    if args.command == "package":
        return _package(args)
    if args.command == "ratio":
        return _ratio(args, settings)
    if args.command == "diff":
        return _diff(args)
    if args.command == "new":
        return _new(args)
    if args.command == "import":
        return _import(args, settings)
    if args.command == "synth":
        from .synth import SynthOptions, write_dataset

        enterprises = args.enterprises or max(11, args.products // 4)
        counts = write_dataset(SynthOptions(args.products, enterprises, args.seed, args.as_of), args.out)
        print("；".join(f"{name} {count} 行" for name, count in counts.items()))
        return 0
    return 2


def _package(args) -> int:
    from .site.archive import pack

    try:
        packed = pack(args.site, args.out)
    except (OSError, GeneratorError) as exc:
        print(f"无法打包：{exc}", file=sys.stderr)
        return 2
    print(
        f"已打包 {packed.files} 个文件：{packed.archive}（{packed.archive.stat().st_size / 2**20:.1f} MB）\n"
        f"SHA-256 {packed.sha256}（另存于 {packed.checksum_file}）"
    )
    return 0


def _new(args) -> int:
    import yaml

    from .scaffold import append, skeleton

    try:
        if args.append:
            path = append(args.data, args.kind)
            print(f"已追加到 {path}；请把每个“待填写”改成真实内容，然后运行 python -m generator validate。")
        else:
            print(skeleton(args.data, args.kind))
    except (OSError, DataError, yaml.YAMLError) as exc:
        print(f"无法生成记录骨架：{exc}", file=sys.stderr)
        return 2
    return 0


def _ratio(args, settings: Settings) -> int:
    from . import records
    from .build import default_as_of
    from .ratio.compute import RatioInputError
    from .ratio.project import assessed_on, from_project
    from .ratio.report import as_json, as_text
    from .validation.load import UnusableInput, read_yaml
    from .validation.validate import validate

    try:
        data = read_yaml(args.project.read_text(encoding="utf-8"), str(args.project))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"无法读取项目文件 {args.project}：{exc}", file=sys.stderr)
        return 2
    except UnusableInput as exc:
        print(exc, file=sys.stderr)
        return 2
    data = data if isinstance(data, dict) else {}
    result = validate(args.data, settings)
    if not result.valid:
        print(report_format.format_report(result, "text", settings), file=sys.stderr)
        return 2
    try:
        catalogue = records.build(result.data, args.as_of or assessed_on(data) or default_as_of())
        project = from_project(data, catalogue, args.ruleset)
    except RatioInputError as exc:
        for error in exc.errors:
            print(f"[{error.code}] {args.project}：{error.field}：{error.sentence}", file=sys.stderr)
        return 1
    ruleset = catalogue.rulesets[project.result.ruleset]
    print(as_json(project, ruleset) if args.format == "json" else as_text(project, ruleset, catalogue.rulesets))
    return 0


def _diff(args) -> int:
    from . import diff

    formats = {"text": diff.as_text, "markdown": diff.as_markdown, "json": diff.as_json}
    try:
        with diff.version(args.base, args.data_path) as base, diff.version(args.head, args.data_path) as head:
            changes = diff.compare(base, head)
    except DataError as exc:
        print(f"无法比较：{exc}", file=sys.stderr)
        return 2
    print(formats[args.format](changes))
    return 0


def _import(args, settings: Settings) -> int:
    from .batch_import.batch import BatchOptions
    from .batch_import.outcome import ImportFailed
    from .batch_import.run import import_batch
    from .diff import as_text

    options = BatchOptions(args.catalog, args.batch, args.batch_name, args.document_number, args.published)
    try:
        outcome = import_batch(
            args.spreadsheet, options, args.data, sheet_name=args.sheet, dry_run=args.dry_run, settings=settings
        )
    except ImportFailed as exc:
        print(f"无法导入：{exc.message}", file=sys.stderr)
        return 2
    for line in outcome.lines():
        print(line, file=sys.stderr)
    if outcome.ok:
        print(as_text(list(outcome.changes)))
    print(outcome.closing(args.dry_run), file=sys.stderr)
    return 0 if outcome.ok else 1
