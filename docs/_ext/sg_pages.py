"""Which of the pages Sphinx reads sphinx-gallery wrote: helpers for the extensions that edit them.

Not an extension: the extensions that change sphinx-gallery's reST as Sphinx reads it
(``gallery_text``, ``run_times_page``, ``lesson_downloads``, ``lesson_run_box``) import it.
"""

from __future__ import annotations


def gallery_dirs(app) -> list[str]:
    """The folders of the source tree that sphinx-gallery writes lessons into (``lessons``)."""
    dirs = app.config.sphinx_gallery_conf.get("gallery_dirs", [])
    return [dirs] if isinstance(dirs, str) else list(dirs)


def in_gallery(app, docname: str) -> bool:
    """Whether ``docname`` is a page sphinx-gallery wrote (a lesson, the index, the run times)."""
    return any(docname.startswith(f"{directory}/") for directory in gallery_dirs(app))


def is_lesson(text: str) -> bool:
    """Whether a page's reST is one lesson's page (not the gallery's index or run times)."""
    return ".. _sphx_glr_download_" in text and "sphx-glr-example-title" in text


def is_run_times(docname: str) -> bool:
    """Whether ``docname`` is a gallery's run-time page."""
    return docname.endswith("/sg_execution_times")
