"""The lessons that use an object, on its API page; mini-galleries that follow the lessons.

- ``lessons-using``: sphinx-gallery's ``minigallery`` under a heading in the
  page's language, or nothing when no lesson uses the object. For the API pages
  (``docs/_templates/autosummary``). ``minigallery``'s own heading is English,
  and its underline is as long as the heading has characters, too short for
  Hangul, which reST counts twice.
- ``minigallery`` itself (this extension's and sphinx-gallery's) notes the files
  it reads as the page's dependencies. Without that, an incremental build keeps a
  page's thumbnails when a lesson's title changes (a glob argument reads the
  lesson files) or when a lesson starts using an object (an object argument reads
  ``backreferences_all.json``, rewritten only when it changes).
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from sphinx.locale import get_translation
from sphinx_gallery.directives import MiniGallery

_ = get_translation("sphinx")  # the site's catalog


def _backreferences(conf: dict) -> Path:
    return Path(conf["src_dir"], conf["backreferences_dir"], "backreferences_all.json")


class MiniGalleryTracked(MiniGallery):
    """sphinx-gallery's ``minigallery``, noting the files it reads as the page's dependencies."""

    def run(self):
        env = self.state.document.settings.env
        conf = env.config.sphinx_gallery_conf
        index = _backreferences(conf)
        if index.is_file():
            env.note_dependency(str(index))
        for argument in self.arguments[0].split() if self.arguments else []:
            for path in Path(conf["src_dir"]).glob(argument):
                env.note_dependency(str(path.resolve()))
        return super().run()


class LessonsUsing(MiniGalleryTracked):
    """``lessons-using``: the lessons using an object, under "Lessons that use it", or nothing."""

    def run(self):
        env = self.state.document.settings.env
        index = _backreferences(env.config.sphinx_gallery_conf)
        used = json.loads(index.read_text(encoding="utf-8")) if index.is_file() else {}
        if not any(used.get(name) for name in self.arguments[0].split()):
            env.note_dependency(str(index))
            return []
        self.options.pop("add-heading", None)
        heading = nodes.rubric("", _("Lessons that use it"), classes=["nn-lessons-using"])
        return [heading, *super().run()]


def setup(app):
    app.add_directive("lessons-using", LessonsUsing)
    app.add_directive("minigallery", MiniGalleryTracked, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
