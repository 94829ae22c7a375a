"""Developer and CI sessions. The README's two set-up commands call `site`/`serve` and `tests`."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).parent
nox.options.sessions = ["lint", "tests"]
nox.options.default_venv_backend = "venv"


def _install(session: nox.Session, *extras: str) -> None:
    """Python packages pinned in pyproject.toml, and the pinned Pagefind build from npm."""
    target = f".[{','.join(extras)}]" if extras else "."
    session.install("-e", target)
    session.run("npm", "ci", "--prefix", "tools", "--no-audit", "--no-fund", external=True)


def _ensure_debian(session: nox.Session, program: str, packages: tuple[str, ...], why: str) -> None:
    """Install Debian ``packages`` when ``program`` is missing (as root, with apt-get), or say how to."""
    if Path(program).exists():
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        session.run("apt-get", "update", "-qq", external=True)
        session.run("apt-get", "install", "-y", "-qq", *packages, external=True)
    else:
        session.error(f"{why}需要 {program}：请以 root 运行，或先执行 `sudo apt-get install {' '.join(packages)}`。")


def _ensure_chromium(session: nox.Session) -> None:
    """Debian's Chromium for the browser tests (and CJK fonts for readable screenshots)."""
    _ensure_debian(session, "/usr/bin/chromium", ("chromium", "fonts-noto-cjk"), "浏览器测试")


def _ensure_nginx(session: nox.Session) -> None:
    """Debian's nginx for the deployment test, which serves the built site with deploy/nginx/lsjc-data.conf."""
    _ensure_debian(session, "/usr/sbin/nginx", ("nginx",), "部署测试")


def _ensure_libreoffice(session: nox.Session) -> None:
    """Debian's LibreOffice Calc (the stand-in for Excel and WPS in tests/test_spreadsheet.py) and jq."""
    _ensure_debian(session, "/usr/bin/soffice", ("--no-install-recommends", "libreoffice-calc"), "电子表格测试")
    _ensure_debian(session, "/usr/bin/jq", ("jq",), "JSON 测试")


@nox.session
def site(session: nox.Session) -> None:
    """Validate catalog_data/ and build the whole site into site/."""
    _install(session)
    session.run("python", "-m", "generator", "build", "--out", "site", *session.posargs)


@nox.session
def package(session: nox.Session) -> None:
    """Build the site (arguments go to the build, e.g. -- --site-url https://…/) and pack it into dist/site.tar.gz
    with dist/site.tar.gz.sha256: what the publish workflow attaches to each run."""
    site(session)
    session.run("python", "-m", "generator", "package", "site", "--out", "dist")


@nox.session
def validate(session: nox.Session) -> None:
    """Validate catalog_data/ (arguments go to `python -m generator validate`, e.g. -- --format github)."""
    session.install("-e", ".")
    session.run("python", "-m", "generator", "validate", *session.posargs)


@nox.session
def diff(session: nox.Session) -> None:
    """Record-level diff of catalog_data/ between two versions: -- BASE HEAD [--format markdown]."""
    session.install("-e", ".")
    session.run("python", "-m", "generator", "diff", *session.posargs)


@nox.session
def serve(session: nox.Session) -> None:
    """Build the site, then serve it on http://127.0.0.1:8000/ (Ctrl-C stops)."""
    site(session)
    session.run("python", "-m", "http.server", "8000", "--bind", "127.0.0.1", "--directory", "site")


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite, browser, nginx and spreadsheet tests included (installs Debian's Chromium, nginx,
    LibreOffice Calc and jq when missing)."""
    _ensure_chromium(session)
    _ensure_nginx(session)
    _ensure_libreoffice(session)
    _install(session, "test")
    report = ROOT / "test-artifacts" / "junit.xml"
    report.parent.mkdir(exist_ok=True)
    report.unlink(missing_ok=True)
    # Exit code 5 means pytest collected nothing: say so plainly instead of a bare failure.
    session.run("python", "-m", "pytest", f"--junitxml={report}", *session.posargs, success_codes=[0, 5])
    if not report.exists() or ' tests="0"' in report.read_text(encoding="utf-8"):
        session.error("pytest 没有运行任何测试（exit code 5）：检查 tests/ 和 -k 等参数。")


@nox.session
def search_eval(session: nox.Session) -> None:
    """Recall@10 and MRR of the labelled queries for each candidate Pagefind binary."""
    _ensure_chromium(session)
    _install(session, "test")
    session.install("pagefind-bin-extended==1.5.2")
    session.run("python", "-m", "tests.search_eval", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Scale benchmark on synthetic catalogs (1k, 2k, 5k, 20k; -- --full adds 100k): prints figures, writes JSON."""
    _ensure_chromium(session)
    _install(session, "test")
    session.run("python", "scripts/bench.py", *session.posargs)


@nox.session
def same_site(session: nox.Session) -> None:
    """Build the sample site at a base revision and at the working tree; list every file that differs: -- BASE_REV."""
    _install(session)
    if not session.posargs:
        session.error("用法：nox -s same_site -- BASE_REV（例如 origin/main）")
    session.run("python", "scripts/same_site.py", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Static checks with ruff: lint rules, and the code formatted as `ruff format` writes it."""
    session.install("ruff==0.17.6")
    session.run("ruff", "check", "generator", "tests", "scripts", "noxfile.py")
    session.run("ruff", "format", "--check", "generator", "tests", "scripts", "noxfile.py")
