"""Work in forked processes: the one place that decides when forking is safe and how results come back.

Rendering, JSON encoding and Frictionless all hold the GIL, so threads do not help; forked children
inherit the data (nothing is pickled on the way in) and send their result back through a pipe. Where
fork is unsafe or missing (not Linux, or other threads run, which a fork would not copy), the same
functions run in this process, one after the other, with the same results.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Callable, Sequence
from functools import partial


def can_fork() -> bool:
    return (
        sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    )


class Forked:
    """``function()`` run in a forked process while this one goes on; ``result()`` waits for it.

    Without a safe fork the function runs at once, here. Its exception is raised again by ``result()``.
    """

    def __init__(self, function: Callable[[], object]):
        self._value, self._process = None, None
        if not can_fork():
            try:
                self._value = ("ok", function())
            except Exception as exc:  # noqa: BLE001 - raised again by result(), as from a child
                self._value = ("error", exc)
            return
        context = multiprocessing.get_context("fork")
        self._reader, writer = context.Pipe(duplex=False)

        def run():
            try:
                writer.send(("ok", function()))
            except BaseException as exc:  # the parent raises it again
                writer.send(("error", exc))

        self._process = context.Process(target=run, daemon=True)
        self._process.start()
        writer.close()

    def wait(self) -> None:
        """Wait for the child without raising its error."""
        if self._value is None:
            try:
                self._value = self._reader.recv()
            except EOFError:
                self._value = ("error", RuntimeError("后台子进程意外退出（内存不足？）"))
            self._process.join()

    def result(self):
        self.wait()
        kind, value = self._value
        if kind == "error":
            raise value
        return value


def fork_map(function: Callable, shares: Sequence) -> list:
    """``[function(share) for share in shares]``, the shares but the last in forked children meanwhile."""
    if not shares:
        return []
    children = [Forked(partial(function, share)) for share in shares[:-1]]
    try:
        last = function(shares[-1])
    finally:
        for child in children:
            child.wait()
    return [child.result() for child in children] + [last]
