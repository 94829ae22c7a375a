"""The one way the generator asks git: the data's version, its repository, its history, an old revision.

Every call has a timeout and captures its output; a missing git command, a timeout and a failing
command each raise an error that says which git command and why, for the caller to turn into a note
(no history, version ``local``) or a message.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import DataError


class GitError(DataError):
    """git could not answer; the message names the git command and says why."""


class GitMissing(GitError):
    """There is no git command on this machine."""


def git(*args: str, repo: Path | None = None, text: bool = True, stdin: str | None = None, timeout: float = 120):
    """The output of ``git [-C repo] args`` (text, or bytes with ``text=False``)."""
    command = ["git", *(["-C", str(repo)] if repo is not None else []), *args]
    try:
        done = subprocess.run(command, capture_output=True, text=text, input=stdin, timeout=timeout, check=False)
    except FileNotFoundError as exc:
        raise GitMissing("找不到 git 命令。") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"git {args[0]} 超时（{timeout:g} 秒）。") from exc
    if done.returncode != 0:
        error = done.stderr if text else done.stderr.decode(errors="replace")
        raise GitError(f"git {args[0]} 失败：{error.strip()}")
    return done.stdout


def top_of(folder: Path) -> tuple[Path, str] | None:
    """The git checkout that holds ``folder`` and the folder's path inside it; None outside git."""
    try:
        top = Path(git("rev-parse", "--show-toplevel", repo=folder, timeout=10).strip())
    except GitError:
        return None
    return top, folder.resolve().relative_to(top.resolve()).as_posix() or "."
