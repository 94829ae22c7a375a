"""The README's set-up commands are the ones CI and nox really run."""

from __future__ import annotations

import re

from tests.support import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_readme_has_a_build_command_and_a_test_command():
    commands = _commands()
    assert any(c.endswith("nox -s serve") for c in commands)
    assert any(c.endswith("nox -s tests") for c in commands)


def test_ci_runs_exactly_the_readme_test_command():
    test_command = next(c for c in _commands() if c.endswith("nox -s tests"))
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert test_command in ci_lines


def test_sessions_named_in_the_readme_exist():
    noxfile = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    defined = set(re.findall(r"@nox\.session\s+def (\w+)", noxfile))
    named = set(re.findall(r"nox -s (\w+)", README))
    assert named <= defined
    assert {"site", "serve", "tests", "lint"} <= defined


def test_pagefind_is_pinned_to_the_extended_build_that_finds_chinese():
    import json

    lock = json.loads((ROOT / "tools" / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/pagefind"]["version"] == "1.6.0"
    from generator.site.index import pagefind_binary

    assert pagefind_binary().name == "pagefind_extended"
