"""sphinx-gallery's output as the site shows it: every assumption about what it writes.

sphinx-gallery runs the lessons and writes reST pages (``docs/<language>/lessons/*.rst``),
notebooks and zips. As Sphinx reads and writes those pages, this extension adapts them:

- **Which pages** are its: :func:`in_gallery`, :func:`is_lesson`, :func:`is_run_times`.
- **Interface text** in the page's language (``source-read``): sphinx-gallery's words are
  English, with no translations ("Download Jupyter notebook", "Total running time of the
  script", ...). Every text it knows is in :data:`RULES`, :data:`HEADINGS` and :data:`TITLES`,
  and the words come from the site's catalog (``docs/locale/<language>/LC_MESSAGES/sphinx.po``).
- **The run-time page** loses the CDN scripts (the site loads nothing from another host) and
  the memory column, always 0 when memory is not measured.
- **A lesson's downloads** lose the zip of its ``.py`` and ``.ipynb``, which it offers already.
- **A "run this lesson yourself" box** (the ``lesson-run`` directive) goes under each
  lesson's title: the install command, a link to the wheel (``nn_wheel`` in ``nn_dist_dir``,
  set by conf_common) and the PyTorch version the lesson ran with.
- **Solutions are folded in the HTML** (``doctree-resolved``): a text cell holding only the
  bold word :data:`SOLUTION` in the page's language (``**Solution**``, or its catalog's word,
  which that language's lessons write) comes before each exercise's worked solution; its code
  and output go into a ``<details>`` under that word, so the page is right before any script
  runs, and with none.
- **Figures** are served as lossless WebP (the same pixels as sphinx-gallery's PNG, in about 40%
  of the bytes), carry their width and height, so the page does not move when they load, come
  after the text (low fetch priority), and those after a page's first figure load lazily. A
  figure with a dark copy (``dark_figures``) comes twice, one ``<img>`` per colour scheme, both
  lazy, so only the one shown is fetched.
- **Thumbnails** get their lesson's title as alt text (sphinx-gallery leaves it empty), and come
  twice, like the figures: sphinx-gallery's, cut from the figure the lesson names
  (``sphinx_gallery_thumbnail_number``), as ``only-light``, and the same cut of that figure's
  dark copy as ``only-dark``, both lazy.
- **Its tag filter's script** (``sg-tags.js``, which it adds to every page) is left out of the
  pages with no tags and no tag list (every page but the gallery's index): one request and a
  phone's 80 ms less a page.
- **``lessons-using``** (for the API pages, ``docs/_templates/autosummary``): the
  ``minigallery`` of the lessons using an object under a heading in the page's language, or
  nothing; ``minigallery`` itself notes the files it reads as the page's dependencies, so an
  incremental build notices a lesson's new title or a new use.
- **Notebooks**: reST's escaped space (``x``\\ 는, after every code span in Korean) does not
  leak into their Markdown, and the solutions' code cells carry Jupyter's ``source_hidden``
  and ``outputs_hidden`` metadata, which JupyterLab and Notebook 7 honour. Both apply to every
  notebook sphinx-gallery writes, the single downloads and the "download all" zips alike.

``tests/test_extensions.py`` builds a tiny gallery with the installed sphinx-gallery and fails,
naming the assumption, when what sphinx-gallery writes no longer matches one of these (after
an upgrade), instead of letting English, a CDN script or an unfolded solution through.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import struct
from pathlib import Path

import sphinx_gallery.notebook
from dark_figures import dark_path
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_gallery.directives import MiniGallery, imgsgnode, visit_imgsg_html
from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF
from sphinx_gallery.py_source_parser import extract_file_config
from sphinx_gallery.utils import scale_image
from uptodate import Record

from nn_tutorial.language import columns  # a Hangul syllable takes two columns, as in reST

_ = get_translation("sphinx")  # the site's catalog
logger = logging.getLogger(__name__)


# -- Which pages are sphinx-gallery's ----------------------------------------------------------


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


# -- Interface text in the page's language -----------------------------------------------------


RUNNING_TIME = (
    r"\*\*Total running time of the script:\*\* \((?P<minutes>\d+) minutes "
    r"(?P<seconds>[\d.]+) seconds\)"
)
"""A lesson's run time as sphinx-gallery writes it under the lesson (read by the benchmark too)."""

RULES = [
    (
        r":ref:`Go to the end <(?P<target>[^>]+)>`\s+to download the full example code\.?",
        ":ref:`Go to the end <{target}>` to download the full example code.",
    ),
    (
        RUNNING_TIME,
        "**Total running time of the script:** ({minutes} minutes {seconds} seconds)",
    ),
    (
        r":download:`Download Jupyter notebook: (?P<file>[^<`]+?) <(?P<target>[^>]+)>`",
        ":download:`Download Jupyter notebook: {file} <{target}>`",
    ),
    (
        r":download:`Download Python source code: (?P<file>[^<`]+?) <(?P<target>[^>]+)>`",
        ":download:`Download Python source code: {file} <{target}>`",
    ),
    (
        r":download:`Download all examples in Python source code: (?P<file>[^<`]+?) "
        r"<(?P<target>[^>]+)>`",
        ":download:`Download all examples in Python source code: {file} <{target}>`",
    ),
    (
        r":download:`Download all examples in Jupyter notebooks: (?P<file>[^<`]+?) "
        r"<(?P<target>[^>]+)>`",
        ":download:`Download all examples in Jupyter notebooks: {file} <{target}>`",
    ),
    (
        r"\*\*(?P<time>[\d:.]+)\*\* total execution time for (?P<count>\d+) files? "
        r"\*\*from (?P<where>[^*]+)\*\*:",
        "**{time}** total execution time for {count} lessons:",
    ),
]
"""Each rule: a regular expression matching text sphinx-gallery writes, and the catalog's message
(the English text with {named} fields) that replaces it; the fields are the expression's groups."""

HEADINGS = ("Example", "Lesson"), ("Time", "Run time (mm:ss)")
"""The run-time table's column headings: sphinx-gallery's, and the catalog's message that replaces
it (the site's words, so English pages change too: these are lessons, timed in minutes)."""

TITLES = ["Computation times"]
"""Page titles sphinx-gallery writes (translated with their underline redrawn)."""


def headings_row() -> str:
    """The table's heading row as sphinx-gallery writes it (a ``list-table`` row of two cells)."""
    (first, _lesson), (second, _time) = HEADINGS
    return rf"(?m)^(   \* - ){first}\n(     - ){second}$"


def translate(text: str) -> str:
    """Put sphinx-gallery's interface text in the page's language."""
    for pattern, message in RULES:
        text = re.sub(pattern, lambda match, m=message: _(m).format(**match.groupdict()), text)
    (_first, lesson), (_second, time) = HEADINGS
    text = re.sub(headings_row(), lambda m: f"{m[1]}{_(lesson)}\n{m[2]}{_(time)}", text)
    for title in TITLES:
        translated = _(title)
        text = re.sub(
            rf"(?m)^{re.escape(title)}\n=+$",
            lambda match, t=translated: f"{t}\n{'=' * columns(t)}",
            text,
        )
    return text


# -- The run-time page -------------------------------------------------------------------------


def clean_run_times(text: str) -> str:
    """Drop the CDN scripts and styles, and the memory column, from the run-time page."""
    # The raw HTML block: from ".. raw:: html" up to the table.
    text = re.sub(r"(?s)\n  \.\. raw:: html\n.*?(?=\n  \.\. list-table::)", "\n", text)
    # The table's third column ("Mem (MB)") in every row: "     - value" after the time.
    text = re.sub(r"(?m)^(   \* - .*\n     - .*\n)     - .*\n", r"\1", text)
    return text.replace(":class: table table-striped sg-datatable", ":class: nn-run-times")


# -- A lesson's downloads ----------------------------------------------------------------------


ZIP = re.compile(
    r"\n    \.\. container:: sphx-glr-download sphx-glr-download-zip\n\n"
    r"      :download:`Download zipped: [^`]+`\n"
)
"""The zip's download box, as sphinx-gallery writes it on a lesson's page."""


def drop_zip(text: str) -> str:
    """Remove the per-lesson zip (its .py and .ipynb again): the lesson offers both already."""
    return ZIP.sub("\n", text)


# -- The "run this lesson yourself" box --------------------------------------------------------


def add_run_box(text: str) -> str:
    """Insert ``.. lesson-run::`` right under the lesson's title."""
    return re.sub(
        r"(?m)(^\.\. _sphx_glr_[^\n]+:\n\s*\n[^\n]+\n=+\n)",
        r"\1\n.. lesson-run::\n",
        text,
        count=1,
    )


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


# -- Thumbnails --------------------------------------------------------------------------------


THUMBNAIL = re.compile(r"/thumb/sphx_glr_(?P<lesson>.+)_thumb\.\w+$")


def add_thumbnail_alt(app, doctree) -> None:
    gallery = gallery_dirs(app)[0]
    for image in doctree.findall(nodes.image):
        match = THUMBNAIL.search(image.get("uri", ""))
        if match and not image.get("alt"):
            title = app.env.titles.get(f"{gallery}/{match['lesson']}")
            if title is not None:
                image["alt"] = title.astext()


def thumbnail_figure(app, lesson: str) -> Path | None:
    """The figure of ``lesson`` that sphinx-gallery cut its thumbnail from: the one its
    ``sphinx_gallery_thumbnail_number`` names (counted from the end when negative), or the first."""
    folder = Path(app.srcdir, gallery_dirs(app)[0])
    script = folder / f"{lesson}.py"
    figures = sorted((folder / "images").glob(f"sphx_glr_{lesson}_[0-9][0-9][0-9].png"))
    if not script.is_file() or not figures:
        return None
    number = extract_file_config(script.read_text(encoding="utf-8")).get("thumbnail_number", 1)
    if number < 0:
        number += len(figures) + 1
    figure = folder / "images" / f"sphx_glr_{lesson}_{number:03}.png"
    return figure if figure.is_file() else None


def dark_thumbnail(app, lesson: str, light: Path) -> Path | None:
    """The thumbnail ``light`` cut from its figure's dark copy instead, written into the site's
    images (cut again only when that copy changed); None when the figure has no dark copy."""
    figure = thumbnail_figure(app, lesson)
    if figure is None or not dark_path(figure).is_file():
        return None
    target = Path(app.outdir, app.builder.imagedir, dark_path(light).name)
    record = Record(Path(app.doctreedir, "dark-thumbnails.json"))  # build state
    if not record.current(target.name, [dark_path(figure)], outputs=[target]):
        target.parent.mkdir(parents=True, exist_ok=True)
        conf = app.config.sphinx_gallery_conf
        size = conf.get("thumbnail_size") or DEFAULT_GALLERY_CONF["thumbnail_size"]
        scale_image(dark_path(figure), target, *size)
        record.remember(target.name, [dark_path(figure)])
        record.save()
    return target


def pair_thumbnails(app, doctree, docname: str) -> None:
    """Each thumbnail of the page as ``only-light``, followed by its dark twin as ``only-dark``,
    both lazy (the hidden one is never fetched)."""
    for image in list(doctree.findall(nodes.image)):
        match = THUMBNAIL.search(image.get("uri", ""))
        if not match or "only-light" in image["classes"]:
            continue
        dark = dark_thumbnail(app, match["lesson"], Path(app.srcdir, image["uri"]))
        if dark is None:
            continue
        image["classes"].append("only-light")
        image["loading"] = "lazy"
        folder = posixpath.dirname(docname) or "."
        src = posixpath.relpath(f"{app.builder.imagedir}/{dark.name}", folder)
        alt = html.escape(image.get("alt", ""), quote=True)
        twin = f'<img alt="{alt}" src="{src}" class="only-dark" loading="lazy" />'
        image.parent.insert(image.parent.index(image) + 1, nodes.raw("", twin, format="html"))


# -- Lessons that use an object ----------------------------------------------------------------


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


# -- Notebooks ---------------------------------------------------------------------------------


ESCAPED_SPACE = re.compile(r"(?<!\\)\\ (?=\S)")
"""reST's "\\ ": an escaped space, which reST removes; it always stands before a word."""

SOLUTION = "Solution"
"""The catalog's message for the word a lesson writes alone, in bold, before a worked solution."""
HIDDEN = {"source_hidden": True, "outputs_hidden": True}
"""Jupyter's cell metadata (``metadata.jupyter``) for a collapsed input and output."""

_rst2md = sphinx_gallery.notebook.rst2md
_fill_notebook = sphinx_gallery.notebook.fill_notebook


def rst2md(text, *args, **kwargs):
    return ESCAPED_SPACE.sub("", _rst2md(text, *args, **kwargs))


def hide_solutions(cells: list[dict]) -> None:
    """Collapse the code cells that follow a solution heading, up to the next text cell."""
    hiding = False
    for cell in cells:
        if cell["cell_type"] == "markdown":
            hiding = "".join(cell["source"]).strip() == f"**{_(SOLUTION)}**"
        elif hiding:
            cell["metadata"]["jupyter"] = dict(HIDDEN)


def fill_notebook(work_notebook, *args, **kwargs):
    _fill_notebook(work_notebook, *args, **kwargs)
    hide_solutions(work_notebook["cells"])


# -- Figures that keep their place ---------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG, from its header (IHDR: bytes 16 to 24)."""
    with path.open("rb") as file:
        head = file.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def write_webp(png: Path, record_file: Path, webp: Path | None = None) -> Path:
    """The PNG as lossless WebP (the same pixels in about 40% of the bytes), beside it unless
    ``webp`` says where, encoded again only when the PNG's bytes changed or the WebP is gone
    (``record_file`` keeps what each was made from: docs/uptodate.py)."""
    from PIL import Image

    webp = webp or png.with_suffix(".webp")
    record = Record(record_file)
    if not record.current(webp.name, [png], outputs=[webp]):
        with Image.open(png) as image:
            image.save(webp, "WEBP", lossless=True, method=4)
        record.remember(webp.name, [png])
        record.save()
    return webp


def visit_figure(translator, node) -> None:
    """sphinx-gallery's ``<img>`` for a lesson's figure, served as lossless WebP, with its width
    and height (so the page keeps its place for it before it loads), fetched after what the
    first paint needs (``fetchpriority="low"``: on a slow link the text comes first) and, below
    the first figure, ``loading="lazy"``. A figure with a dark copy (``dark_figures``) gets two
    ``<img>``, one per colour scheme, both lazy: the hidden one is never fetched."""
    visit_imgsg_html(translator, node)
    if node["srcset"] is None or not translator.body[-1].startswith("<img "):
        return
    source = Path(translator.builder.srcdir, node["uri"].lstrip("/"))
    width, height = png_size(source)
    builder = translator.builder
    webp_record = Path(builder.doctreedir, "webp.json")  # build state, not part of the site
    images = Path(builder.outdir, builder.imagedir)
    write_webp(images / source.name, webp_record)
    dark = dark_path(source)
    paired = dark.is_file() and png_size(dark) == (width, height)
    first = not getattr(translator, "nn_figures", 0)
    translator.nn_figures = getattr(translator, "nn_figures", 0) + 1
    lazy = "" if first and not paired else 'loading="lazy" '
    size = f'width="{width}" height="{height}" {lazy}fetchpriority="low" decoding="async" '
    tag = translator.body[-1].replace("<img ", f"<img {size}", 1)
    tag = tag.replace(f"{source.stem}.png", f"{source.stem}.webp")
    if not paired:
        translator.body[-1] = tag
        return
    write_webp(dark, webp_record, images / f"{dark.stem}.webp")
    light_tag = SCHEME_CLASS.sub(r'\1 only-light"', tag, count=1)
    dark_tag = SCHEME_CLASS.sub(r'\1 only-dark"', tag, count=1)
    translator.body[-1] = light_tag + dark_tag.replace(f"{source.stem}.webp", f"{dark.stem}.webp")


SCHEME_CLASS = re.compile(r'(class = "[^"]*)"')
"""The class attribute of sphinx-gallery's ``<img>``, to add a colour scheme's class to."""


def depart_figure(translator, node) -> None:
    pass


# -- Solutions, folded in the HTML -----------------------------------------------------------


def fold_solutions(doctree) -> int:
    """Put each worked solution (its code and what it printed) in a ``<details>`` under its
    label, in the HTML written at build time. Returns how many were folded."""
    label = str(_(SOLUTION))
    folded = 0
    for paragraph in list(doctree.findall(nodes.paragraph)):
        children = [
            c for c in paragraph.children if not (isinstance(c, nodes.Text) and not c.strip())
        ]
        if len(children) != 1 or not isinstance(children[0], nodes.strong):
            continue
        word = children[0].astext().strip()
        if word != label or paragraph.parent is None:
            continue
        parent = paragraph.parent
        at = parent.index(paragraph)
        code = at + 1
        while code < len(parent) and isinstance(parent[code], nodes.comment):
            code += 1
        if code >= len(parent) or not _is_code(parent[code]):
            continue  # a label without code after it is a word in the text: leave it
        end = code + 1
        while end < len(parent) and isinstance(parent[end], nodes.comment):
            end += 1
        if end < len(parent) and "sphx-glr-script-out" in _classes(parent[end]):
            end += 1
        else:
            end = code + 1
        summary = nodes.raw(
            "", f'<details class="nn-solution"><summary>{word}</summary>\n', format="html"
        )
        parent.insert(end, nodes.raw("", "</details>\n", format="html"))
        parent.replace(paragraph, summary)
        folded += 1
    return folded


def _is_code(node) -> bool:
    """A code block: Sphinx's ``literal_block``, or the ``code_links_block`` that sphinx-gallery
    puts in its place once it has linked the names in a lesson's code to the API pages."""
    return isinstance(node, nodes.literal_block) or type(node).__name__ == "code_links_block"


def _classes(node) -> set[str]:
    """The classes of a node and of its first descendants (an output block is wrapped)."""
    found = set(node.get("classes", []))
    for child in node.findall(nodes.Element):
        found |= set(child.get("classes", []))
    return found


# -- The extension ---------------------------------------------------------------------------


def on_source_read(app, docname: str, source: list[str]) -> None:
    """sphinx-gallery's reST as Sphinx reads it (the generated files on disk are left alone)."""
    if not in_gallery(app, docname):
        return
    text = translate(source[0])
    if is_run_times(docname):
        text = clean_run_times(text)
    if is_lesson(text):
        text = add_run_box(drop_zip(text))
    source[0] = text


def on_doctree_resolved(app, doctree, docname: str) -> None:
    add_thumbnail_alt(app, doctree)
    if app.builder.format == "html":
        pair_thumbnails(app, doctree, docname)
    if app.builder.format == "html" and in_gallery(app, docname):
        fold_solutions(doctree)


TAGS_SCRIPT = "sg-tags.js"
TAG_CLASS = "sphx-glr-tag"
"""The start of every class sphinx-gallery gives a tag or the index's list of tags."""


def drop_tags_script(app, pagename, templatename, context, doctree) -> None:
    """No tag filter's script on a page with no tags and no list of them."""
    if TAG_CLASS not in context.get("body", "") and "script_files" in context:
        context["script_files"] = [
            script
            for script in context["script_files"]
            if not str(getattr(script, "filename", script)).endswith(TAGS_SCRIPT)
        ]


def setup(app):
    app.add_config_value("nn_wheel", "", "html", types=(str,))
    app.add_config_value("nn_dist_dir", "dist", "html", types=(str,))
    app.add_directive("lesson-run", LessonRun)
    app.add_directive("lessons-using", LessonsUsing)
    app.add_directive("minigallery", MiniGalleryTracked, override=True)
    app.add_node(imgsgnode, override=True, html=(visit_figure, depart_figure))
    app.connect("source-read", on_source_read)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("build-finished", on_build_finished)
    app.connect("html-page-context", drop_tags_script)
    if sphinx_gallery.notebook.rst2md is not rst2md:
        sphinx_gallery.notebook.rst2md = rst2md
    if sphinx_gallery.notebook.fill_notebook is not fill_notebook:
        sphinx_gallery.notebook.fill_notebook = fill_notebook
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
