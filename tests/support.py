"""What several test modules share: the project's paths, the fixed status date, the settings, case files
applied to fixture data, small git repositories, and rendering one page template.

Test modules import shared things from here (browser driving from ``tests/browser.py``, ratio vectors
from ``tests/ratio_vectors.py``), never from each other, and do not define these constants again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import yaml

from generator.records import Catalogue
from generator.settings import Repository, Settings
from generator.site.page import Page
from generator.site.templates import environment, render_page

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATA = ROOT / "catalog_data"
FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
"""The smallest valid data folder: every table with a few records."""
AS_OF = dt.date(2026, 11, 25)
"""Fixed status date: the sample data's certificates are spread around it."""
SITE_NAME = "吉林省绿色建材开放数据"
SITE_URL = "https://jilin-green-materials.github.io/open-data/"
"""The site's name and address as mkdocs.yml gives them, written out here by hand."""
SETTINGS = Settings.load()
"""The project's own settings (mkdocs.yml); a test that needs others builds them with ``Settings.load(...)``."""
REPOSITORY_URL = "https://github.com/example/data"


def render_template(template: str, here: str, catalogue: Catalogue, **context) -> Page:
    """One page template rendered as the build renders it, at site path ``here``, with edit links to an
    example repository."""
    settings = Settings.load(repository=Repository(REPOSITORY_URL, "main"))

    root = "../" * here.count("/")

    def link(target: str) -> str:
        return root + target or "./"

    return render_page(
        environment(settings),
        here + "index.md",
        template,
        dict(c=catalogue, link=link, root=root or "./", version="test", here=here, repo=settings.repository, **context),
    )


# case files: YAML edits applied to a copy of a fixture data folder ---------------------------------


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _save(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def apply_edits(root: Path, edits: list[dict]) -> None:
    """Each edit names a file below ``root`` and one operation."""
    for edit in edits:
        path = root / edit["file"] if "file" in edit else None
        if "set" in edit:  # {line, field, value}: change one CSV cell
            rows = _rows(path)
            change = edit["set"]
            rows[change["line"] - 1][rows[0].index(change["field"])] = str(change["value"])
            _save(path, rows)
        elif "append" in edit:  # {field: value}: add a CSV record, other cells empty
            rows = _rows(path)
            rows.append([str(edit["append"].get(name, "")) for name in rows[0]])
            _save(path, rows)
        elif "append_text" in edit:
            path.write_text(path.read_text(encoding="utf-8") + edit["append_text"], encoding="utf-8")
        elif "replace" in edit:  # [old, new] in one file
            old, new = edit["replace"]
            text = path.read_text(encoding="utf-8")
            assert old in text, f"{old!r} not in {path}"
            path.write_text(text.replace(old, new), encoding="utf-8")
        elif "replace_everywhere" in edit:  # [old, new] in every CSV of the folder
            old, new = edit["replace_everywhere"]
            for csv_path in root.rglob("*.csv"):
                csv_path.write_text(csv_path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        elif "write" in edit:
            path.write_text(edit["write"], encoding="utf-8")
        elif "delete" in edit:
            path.unlink()
        else:
            raise ValueError(f"unknown edit {edit}")


def make_case(case_file: Path, tmp: Path) -> tuple[Path, dict]:
    """Copy the case's base fixture into ``tmp`` and apply its edits; return (data dir, case)."""
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    data = tmp / "data"
    shutil.copytree(FIXTURES / case.get("base", "minimal"), data)
    apply_edits(data, case.get("edits", []))
    return data, case


# small git repositories of data, for the history ----------------------------------------------------


def git(repo: Path, *args: str, date: str | None = None) -> str:
    """Run git in ``repo`` (with author and committer ``date`` when given); fail the test when git fails."""
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date) if date else None
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


def rewrite(path: Path, change) -> None:
    """Replace a CSV file's rows by ``change(rows)``."""
    _save(path, change(_rows(path)))


def drop_product(data: Path, product: str) -> None:
    """Remove a product and every row that names it, so the data stays valid."""
    for path in (data / "catalog").glob("*.csv"):
        rewrite(path, lambda rows: [r for r in rows if product not in r])


def commit(repo: Path, subject: str, date: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", subject, date=date)
