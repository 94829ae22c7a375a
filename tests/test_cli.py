"""The CLI run as a user runs it: exit statuses and output formats."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys

from tests.support import FIXTURES, ROOT, make_case


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_valid_data_exits_0():
    result = run("validate", str(FIXTURES / "minimal"))
    assert result.returncode == 0, result.stdout
    assert "校验通过" in result.stdout


def test_invalid_data_exits_1_with_located_messages(tmp_path):
    data, _ = make_case(FIXTURES / "errors" / "credit-code-checksum.yaml", tmp_path)
    result = run("validate", str(data))
    assert result.returncode == 1
    assert "enterprises.csv 第 2 行 字段 credit_code" in result.stdout
    assert "应为“B”" in result.stdout


def test_unusable_input_exits_2(tmp_path):
    result = run("validate", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert "package-missing" in result.stdout


def test_json_format(tmp_path):
    data, _ = make_case(FIXTURES / "errors" / "reference-missing.yaml", tmp_path)
    result = run("validate", str(data), "--format", "json")
    body = json.loads(result.stdout)
    assert body["valid"] is False and body["exit_status"] == 1
    [problem] = body["problems"]
    assert (problem["code"], problem["row"], problem["field"]) == ("reference-missing", 2, "region")
    assert problem["file"].endswith("catalog/enterprises.csv")
    assert problem["fix"] and problem["message"]


def test_github_format_annotates_the_line(tmp_path):
    data, _ = make_case(FIXTURES / "errors" / "pattern-mismatch.yaml", tmp_path)
    result = run("validate", str(data), "--format", "github")
    first = result.stdout.splitlines()[0]
    assert first.startswith("::error file=") and ",line=2," in first
    assert "enterprises.csv" in first and "title=pattern-mismatch" in first
    assert result.stdout.splitlines()[-1].startswith("::error::校验未通过")


def test_every_command_and_option_has_help():
    """``--help`` of the real command lists every command with a line of help, and every option has help."""
    from generator.cli import parser

    shown = run("--help").stdout
    commands = re.search(r"\{([a-z,]+)\}", shown).group(1).split(",")
    helped = dict(re.findall(r"^    ([a-z]+) +(\S.*)$", shown, re.M))
    assert commands and [name for name in commands if not helped.get(name)] == []
    main = parser()
    subcommands = next(a for a in main._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert sorted(subcommands) == sorted(commands)
    for name, sub in [("", main), *subcommands.items()]:
        for option in sub._actions:
            if option.dest not in ("help", "command"):
                assert option.help, f"{name} {option.dest} has no help"


def test_a_bug_is_reported_as_an_internal_error(monkeypatch, capsys):
    """A failure that is no GeneratorError is a bug: one line asking for a report, the traceback only with --debug."""
    from generator import cli

    def broken(args):
        raise KeyError("missing")

    monkeypatch.setattr(cli, "_run", broken)
    assert cli.main(["validate"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("内部错误（internal error）：KeyError: 'missing'") and "Traceback" not in err
    assert cli.main(["--debug", "validate"]) == 1
    assert "Traceback" in capsys.readouterr().err
