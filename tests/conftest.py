"""Shared fixtures: the sample site is built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import records
from generator.build import build
from generator.validation.validate import validate
from tests.browser import launch
from tests.support import AS_OF, ROOT, SAMPLE_DATA


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample site, built with the project's real pipeline."""
    out = tmp_path_factory.mktemp("sample") / "site"
    build(SAMPLE_DATA, out, as_of=AS_OF)
    return out


@pytest.fixture(scope="session")
def catalogue():
    """The sample data's records as of AS_OF (tests only read it)."""
    return records.build(validate(SAMPLE_DATA).data, AS_OF)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium for one test module. Playwright runs an event loop while it is open, so ask for
    the sites a module builds before this fixture (a build runs Pagefind through asyncio)."""
    with launch() as chromium:
        yield chromium


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots and other files a test run leaves for people to look at."""
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
