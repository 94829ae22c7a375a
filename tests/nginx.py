"""Serve a built site with Debian's nginx and the shipped server block (deploy/nginx/lsjc-data.conf).

The test's nginx is its own process: a main configuration in a temporary folder (pid file, temp paths
and logs there too), ``daemon off``, a free port on 127.0.0.1. It needs no root-owned path, so it runs
as root or as any other user (``tests/test_deploy.py`` checks both); as root its workers run as root
too, since pytest's temporary folders are readable by their owner only.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from tests.support import ROOT

SERVER_BLOCK = ROOT / "deploy" / "nginx" / "lsjc-data.conf"
EXAMPLE_PATH = "/lsjc/data/"
EXAMPLE_ROOT = "/var/www/lsjc-data/"
EXAMPLE_LISTEN = "listen 80;"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    """A port nothing listens on now (the build needs it before nginx can take it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_block(site_dir: Path, site_path: str, port: int) -> str:
    """The shipped server block with its example values replaced, as DEPLOY.md tells a deployer to."""
    text = SERVER_BLOCK.read_text(encoding="utf-8")
    for example in (EXAMPLE_PATH, EXAMPLE_ROOT, EXAMPLE_LISTEN):
        assert example in text, f"{SERVER_BLOCK.name} no longer contains the example value {example!r}"
    return (
        text.replace(EXAMPLE_LISTEN, f"listen 127.0.0.1:{port};")
        .replace(EXAMPLE_ROOT, str(site_dir).rstrip("/") + "/")
        .replace(EXAMPLE_PATH.rstrip("/"), site_path.rstrip("/"))
    )


def main_config(work: Path, server: Path, as_root: bool) -> str:
    user = "user root;" if as_root else ""
    temp = "\n".join(f"    {kind}_temp_path {work / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""{user}
daemon off;
worker_processes 1;
pid {work / "nginx.pid"};
error_log {work / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
{temp}
    include {server};
}}
"""


def check_config(block: str, work: Path, as_user: str | None = None) -> tuple[list[str], str]:
    """Write ``block`` and a main configuration around it into ``work`` and let ``nginx -t`` check them; return
    the command that runs this nginx and what the check printed. With ``as_user`` (when root) nginx runs as
    that user from the start, owning ``work``."""
    work.mkdir(parents=True, exist_ok=True)
    server = work / "lsjc-data.conf"
    server.write_text(block, encoding="utf-8")
    config = work / "nginx.conf"
    as_root = os.geteuid() == 0 and as_user is None
    config.write_text(main_config(work, server, as_root), encoding="utf-8")
    command = [NGINX, "-p", str(work), "-c", str(config), "-e", str(work / "error.log")]  # -e: nginx 1.19.5+
    if as_user:
        account = pwd.getpwnam(as_user)
        for path in (work, *work.rglob("*")):
            os.chown(path, account.pw_uid, account.pw_gid)
        command = ["setpriv", f"--reuid={account.pw_uid}", f"--regid={account.pw_gid}", "--clear-groups", *command]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    return command, check.stderr


@contextmanager
def nginx(
    site_dir: Path, site_path: str, port: int, work: Path, edit: Callable[[str], str] | None = None, as_user: str | None = None
):
    """Run nginx serving ``site_dir`` at ``http://127.0.0.1:<port><site_path>``; yield the config check's output.

    ``edit`` changes the server block first (to make nginx behave like another kind of host); ``as_user`` runs
    nginx as that user (see ``check_config``)."""
    block = server_block(site_dir, site_path, port)
    command, checked = check_config(edit(block) if edit else block, work, as_user)
    log = work / "error.log"
    with (work / "stderr.log").open("wb") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        _wait_for(port, process, log)
        yield checked
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"nginx exited with {process.returncode}: {log.read_text(encoding='utf-8', errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("nginx did not start listening within 15 seconds")
