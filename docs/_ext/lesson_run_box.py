"""A "run this lesson yourself" box under every lesson's title.

The box (the ``lesson-run`` directive, inserted under each lesson's title as Sphinx
reads the page) holds the one command that installs the package, a link to the
wheel the site serves (``<site>/dist/``, built by ``nox -s docs`` beside the
editions) and the PyTorch version the lesson ran with. Its words come from the
site's catalog.

Config values (set in ``conf_common``): ``nn_wheel``, the wheel's file name, and
``nn_dist_dir``, its folder at the top of the site.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sg_pages import in_gallery, is_lesson
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

_ = get_translation("sphinx")  # the site's catalog
logger = logging.getLogger(__name__)


def add_run_box(text: str) -> str:
    """Insert ``.. lesson-run::`` right under the lesson's title."""
    return re.sub(
        r"(?m)(^\.\. _sphx_glr_[^\n]+:\n\s*\n[^\n]+\n=+\n)",
        r"\1\n.. lesson-run::\n",
        text,
        count=1,
    )


def on_source_read(app, docname: str, source: list[str]) -> None:
    if in_gallery(app, docname) and is_lesson(source[0]):
        source[0] = add_run_box(source[0])


class LessonRun(SphinxDirective):
    """``lesson-run``: how to run this lesson yourself, and the PyTorch version it ran with."""

    def run(self):
        import torch  # the lessons have imported it already

        docname = self.env.docname
        wheel = self.config.nn_wheel
        wheel_url = "../" * (docname.count("/") + 1) + f"{self.config.nn_dist_dir}/{wheel}"
        downloads = f"sphx_glr_download_{docname.replace('/', '_')}.py"
        lines = [
            f".. admonition:: {_('Run this lesson yourself')}",
            "   :class: nn-lesson-run",
            "",
            "   "
            + _(
                "Download the package, `{wheel} <{wheel_url}>`__, and install it with one "
                "command (it brings PyTorch, NumPy, matplotlib and scikit-learn along). Then "
                "run this lesson's script or notebook from the :ref:`downloads <{downloads}>`."
            ).format(wheel=wheel, wheel_url=wheel_url, downloads=downloads),
            "",
            "   .. code-block:: text",
            "",
            f"      pip install {wheel}",
            "",
            "   "
            + _("This page was built with PyTorch {version}.").format(version=torch.__version__),
        ]
        box = nodes.container(classes=["nn-lesson-run-wrapper"])
        self.state.nested_parse(StringList(lines, source=docname), self.content_offset, box)
        return [box]


def on_build_finished(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        dist = app.config.nn_dist_dir
        if not (Path(app.outdir).parent / dist / app.config.nn_wheel).is_file():
            logger.info(
                f"the lesson pages link to ../{dist}/{app.config.nn_wheel}, which is not built "
                "yet: `nox -s docs` builds it beside the editions."
            )


def setup(app):
    app.add_config_value("nn_wheel", "", "html", types=(str,))
    app.add_config_value("nn_dist_dir", "dist", "html", types=(str,))
    app.add_directive("lesson-run", LessonRun)
    app.connect("source-read", on_source_read)
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
