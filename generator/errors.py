"""The generator's exceptions: one base, one subclass per stage.

A ``GeneratorError`` is a failure the user can act on; its message says in Chinese what went wrong
and, where it can, how to fix it. ``build.py`` turns any of them (and ``OSError``: a full disk, a
missing folder) into ``BuildFailed``; the CLI prints the message. Any other exception leaving a
stage is a bug in the generator: the CLI says so and shows the traceback with ``--debug``.
"""

from __future__ import annotations


class GeneratorError(Exception):
    """A failure the user can act on."""


class SettingsError(GeneratorError):
    """Settings: mkdocs.yml, ``--site-url`` or ``SITE_URL`` cannot be used (read before any stage runs)."""


class DataError(GeneratorError):
    """Validation stage: the data folder cannot be read (invalid data is a report, not an exception)."""


class OpenDataError(GeneratorError):
    """Open-data stage: a download, API, metadata or feed file cannot be made."""


class SiteError(GeneratorError):
    """Site stage: pages cannot be rendered, wrapped in the theme, hardened, indexed or written."""


class RatioError(GeneratorError):
    """Ratio calculation: a project's inputs cannot give a green materials application ratio."""


class BatchImportError(GeneratorError):
    """Batch import: the spreadsheet or the data folder cannot be read, or the data files cannot be replaced.
    Nothing was written (rows that cannot be imported are an outcome with problems, not an exception)."""
