"""Sphinx re-reads every page when the local extensions or the catalogs change.

Sphinx re-reads all pages when an extension's ``env_version`` changes. Several
extensions here rewrite pages as they are read (``gallery_pages``,
``translation_status``) or take words from the catalogs; when that code or those
words change, an incremental build must not keep the old text. This extension's
version is a hash of both (docs/uptodate.py).
"""

from __future__ import annotations

from pathlib import Path

from site_facts import DOCS
from uptodate import fingerprint


def site_version(docs: Path = DOCS) -> int:
    """A number that changes with the local extensions and the catalogs."""
    files = [*docs.glob("_ext/*.py"), *docs.glob("locale/*/LC_MESSAGES/*.po")]
    return int(fingerprint(files, root=docs)[:12], 16)


def setup(app):
    return {
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": site_version(),
    }
