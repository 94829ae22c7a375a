"""The shared fork helpers: results in order, errors raised again, the same without fork."""

from __future__ import annotations

import os

import pytest

from generator import forking


def whoami(share):
    return share * 10, os.getpid()


@pytest.mark.parametrize("fork", [True, False])
def test_fork_map_returns_results_in_share_order(monkeypatch, fork):
    monkeypatch.setattr(forking, "can_fork", lambda: fork)
    results = forking.fork_map(whoami, [1, 2, 3])
    assert [value for value, _ in results] == [10, 20, 30]
    pids = {pid for _, pid in results}
    assert (len(pids) == 3) if fork else (pids == {os.getpid()})


@pytest.mark.parametrize("fork", [True, False])
def test_an_error_in_a_share_is_raised_again(monkeypatch, fork):
    monkeypatch.setattr(forking, "can_fork", lambda: fork)

    def fail_on_one(share):
        if share == 1:
            raise ValueError("第一份失败")
        return share

    with pytest.raises(ValueError, match="第一份失败"):
        forking.fork_map(fail_on_one, [1, 2])


def test_fork_map_of_nothing():
    assert forking.fork_map(whoami, []) == []
