"""The local Sphinx extensions (``docs/_ext``), each on a tiny site built in this process.

The tiny site has the real configuration (``docs/conf_common.py``) and one short lesson,
an index page that shows it as a mini-gallery, an API page listing the lessons that use an
object, and a glossary; each language is built once per test session, in seconds. The
full site's checks (``test_site.py``, ``test_browser.py``) read what ``nox -s docs`` built.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from conftest import SKIPPED, Page, build_in_process, catalog_word, machinery_passed, tiny_tree
from memo import Memo
from site_facts import (
    BUILD,
    DEFAULT_LANGUAGE,
    DIST_DIR,
    EXTENSIONS,
    LANGUAGES,
    LESSON_THREADS,
    LESSONS_DIR,
    LOCALE,
    wheel_name,
)

from nn_tutorial.language import columns

LESSON = {
    "en": ("A tiny lesson", "It builds a LeNet, counts its parameters and draws a line."),
    "ko": ("작은 강의", "LeNet을 만들어 매개변수를 세고 선을 하나 그립니다."),
}
"""Each language's title and prose of the one lesson; its code is the same in both."""

CODE = """
# %%
import matplotlib.pyplot as plt
import torch

from nn_tutorial import models

model = models.LeNet()
print(sum(p.numel() for p in model.parameters()))
print("threads:", torch.get_num_threads())

# %%
plt.plot([0, 1], [1, 0])
"""

PAGES = {
    "index.rst": """
        Tiny site
        =========

        .. toctree::

           lessons/index
           api
           glossary

        .. minigallery:: ../../gallery/{language}/plot_*.py
        """,
    "api.rst": """
        API
        ===

        .. lessons-using:: nn_tutorial.models.LeNet

        .. lessons-using:: nn_tutorial.models.RNN
        """,
    "glossary.md": """
        # Glossary

        ```{{term-table}}
        ```
        """,
}


def write_tree(root: Path, language: str) -> Path:
    """The tiny site's sources at ``root``: docs/<language> (conf.py, pages), gallery/<language>."""
    title, prose = LESSON[language]
    underline = "=" * columns(title)  # a wide character (Hangul) takes two
    solution = f'\n# %%\n# **{catalog_word(language, "Solution")}**\nprint("solved")\n'
    lesson = f'"""\n{title}\n{underline}\n\n{prose}\n"""\n{CODE}{solution}'
    pages = {name: textwrap.dedent(text).format(language=language) for name, text in PAGES.items()}
    return tiny_tree(root, language, {"plot_tiny.py": lesson}, pages, readme=prose)


def build(root: Path, language: str) -> Path:
    """Build the tiny site of ``language`` in this process, as strictly as the real one."""
    source = write_tree(root, language)
    out = root / "html" / language
    status, warnings = build_in_process(source, out)
    assert status == 0 and not warnings, warnings
    return out


TINY = BUILD / "test-tiny"
"""Where the tiny sites are built: kept between runs, like the site itself."""


@pytest.fixture(scope="session")
def tiny(request) -> dict[str, Path]:
    """Each language's tiny site: {language: output folder}. Built in TINY, and not again while
    the machinery and this module are the same bytes (conftest.machinery_passed; ``--fresh``
    builds them). torch has more threads than a lesson may use while they build, as on any
    machine with more than one core."""
    import torch

    record = Memo("test_extensions.tiny", [Path(__file__)], fresh=request.config.getoption("fresh"))
    outputs = {language: TINY / "html" / language for language in LANGUAGES}
    passed, remember = machinery_passed(record)
    if passed and all((out / "index.html").is_file() for out in outputs.values()):
        skipped = request.config.stash.setdefault(SKIPPED, {})
        skipped["tests/test_extensions.py, the tiny sites (built without a warning)"] = list(
            outputs
        )
        return outputs
    shutil.rmtree(TINY, ignore_errors=True)
    threads = torch.get_num_threads()
    torch.set_num_threads(LESSON_THREADS + 1)
    try:
        built = {language: build(TINY, language) for language in LANGUAGES}
    finally:
        torch.set_num_threads(threads)
    remember()
    record.save()
    return built


def html(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


# -- lesson_runner: how a lesson runs --------------------------------------------------------


def test_a_lesson_computes_with_the_same_threads_on_every_machine(tiny):
    """A lesson's numbers do not depend on the cores: it runs with LESSON_THREADS threads."""
    for language, site in tiny.items():
        page = html(site, f"{LESSONS_DIR}/plot_tiny.html")
        assert f"threads: {LESSON_THREADS}" in page, f"{language}: {page[-2000:]}"


# -- gallery_pages: what sphinx-gallery writes -------------------------------------------


def test_every_text_gallery_text_translates_is_what_sphinx_gallery_writes(tiny):
    """Fails, naming the text, when a sphinx-gallery upgrade changes what it writes."""
    import gallery_pages

    written = "\n".join(
        path.read_text(encoding="utf-8")
        for path in sorted((tiny["en"].parents[1] / "docs" / "en" / LESSONS_DIR).glob("*.rst"))
    )
    assert "sphx-glr-example-title" in written, "sphinx-gallery wrote no lesson page"
    missing = [text for pattern, text in gallery_pages.RULES if not re.search(pattern, written)]
    missing += [title for title in gallery_pages.TITLES if f"\n{title}\n===" not in written]
    if not re.search(gallery_pages.headings_row(), written):
        missing.append(f"the run-time table's headings {gallery_pages.HEADINGS}")
    assert not missing, (
        "sphinx-gallery no longer writes these texts, which docs/_ext/gallery_pages.py "
        f"translates (update its RULES and the catalogs): {missing}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_solution_is_folded_on_the_page_and_collapsed_in_the_notebook(tiny, language):
    """sphinx-gallery's code block (linked to the API) and its output go into the <details>;
    the notebook's code cell after the label carries Jupyter's hidden-cell metadata."""
    label = catalog_word(language, "Solution")
    page = html(tiny[language], f"{LESSONS_DIR}/plot_tiny.html")
    fold = re.search(
        rf'<details class="nn-solution"><summary>{label}</summary>(.*?)</details>', page, re.S
    )
    assert fold, f"{language}: the solution is not folded"
    assert (
        "highlight-Python" in fold[1] and "solved" in fold[1] and "sphx-glr-script-out" in fold[1]
    )
    notebook = next(tiny[language].rglob("plot_tiny.ipynb"))
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    hidden = [c for c in cells if c["metadata"].get("jupyter")]
    assert ["".join(c["source"]) for c in hidden] == ['print("solved")']
    assert hidden[0]["metadata"]["jupyter"] == {"source_hidden": True, "outputs_hidden": True}


def test_korean_lesson_pages_have_no_english_from_sphinx_gallery(tiny):
    english = [
        "Go to the end", "Total running time", "Download Jupyter notebook",
        "Download Python source code", "Download all examples", "Computation times",
        "total execution time", "Example", "Mem (MB)",
    ]  # fmt: skip
    for name in ("plot_tiny.html", "index.html", "sg_execution_times.html"):
        text = " ".join(Page(tiny["ko"] / LESSONS_DIR / name).text)
        found = [words for words in english if words in text]
        assert not found, f"ko/{LESSONS_DIR}/{name}: English from sphinx-gallery: {found}"
    text = " ".join("".join(Page(tiny["ko"] / LESSONS_DIR / "plot_tiny.html").text).split())
    assert "Jupyter 노트북 내려받기" in text and "스크립트 전체 실행 시간" in text


def test_english_lesson_pages_keep_sphinx_gallery_words(tiny):
    text = " ".join("".join(Page(tiny["en"] / LESSONS_DIR / "plot_tiny.html").text).split())
    assert "Download Jupyter notebook" in text and "Total running time of the script" in text


# -- run_times_page, lesson_downloads, lesson_run_box, thumbnail_alt, lessons_using ----------


@pytest.mark.parametrize("language", LANGUAGES)
def test_run_times_page_loads_nothing_from_a_cdn_and_has_no_memory_column(tiny, language):
    page = html(tiny[language], f"{LESSONS_DIR}/sg_execution_times.html")
    assert "cdn." not in page and "datatables" not in page.lower()
    assert "Mem (MB)" not in page and "nn-run-times" in page
    assert "plot_tiny" in page


def test_only_the_gallery_index_loads_the_tag_filters_script(tiny):
    """sphinx-gallery still ships its tag filter under the name gallery_pages leaves out (were
    it renamed, every page would load it again), and of the tiny site's pages only the gallery's
    index, where sphinx-gallery lists the tags, asks for it."""
    from gallery_pages import TAG_CLASS, TAGS_SCRIPT

    for language, site in tiny.items():
        assert (site / "_static" / TAGS_SCRIPT).is_file(), f"sphinx-gallery renamed {TAGS_SCRIPT}?"
        index = html(site, f"{LESSONS_DIR}/index.html")
        assert TAG_CLASS in index and TAGS_SCRIPT in index, f"{language}: no tag list?"
        loading = [
            str(path.relative_to(site))
            for path in site.rglob("*.html")
            if TAGS_SCRIPT in path.read_text("utf-8")
        ]
        assert loading == [f"{LESSONS_DIR}/index.html"], (language, loading)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_lesson_offers_script_and_notebook_but_no_zip(tiny, language):
    lesson = Page(tiny[language] / LESSONS_DIR / "plot_tiny.html")
    names = [Path(link.split("#")[0]).name for link in lesson.links]
    assert "plot_tiny.py" in names and "plot_tiny.ipynb" in names
    assert not [name for name in names if name.endswith(".zip")]
    index = [Path(link).name for link in Page(tiny[language] / LESSONS_DIR / "index.html").links]
    assert len([name for name in index if name.endswith(".zip")]) == 2, "the gallery keeps its zips"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_lesson_has_the_run_it_yourself_box_under_its_title(tiny, language):
    import torch

    page = html(tiny[language], f"{LESSONS_DIR}/plot_tiny.html")
    title, box = page.index("<h1>"), page.index("nn-lesson-run")
    assert title < box < page.index('<div class="sphx-glr-script-out'), (
        "the box is not under the title"
    )
    assert f'href="../../{DIST_DIR}/{wheel_name()}"' in page
    text = " ".join(Page(tiny[language] / LESSONS_DIR / "plot_tiny.html").text)
    assert f"pip install {wheel_name()}" in text
    assert f"PyTorch {torch.__version__}" in text


THUMBNAIL_TAG = re.compile(r"<img [^>]*sphx_glr_plot_tiny_thumb[^>]*>")


def attribute(tag: str, name: str) -> str | None:
    found = re.search(rf'\b{name}="([^"]*)"', tag)
    return found[1] if found else None


@pytest.mark.parametrize("language", LANGUAGES)
def test_thumbnails_have_their_lessons_title_as_alt_text(tiny, language):
    title = LESSON[language][0]
    for name in (f"{LESSONS_DIR}/index.html", "index.html"):
        tags = THUMBNAIL_TAG.findall(html(tiny[language], name))
        alts = [attribute(tag, "alt") for tag in tags]
        assert alts == [title, title], f"{language}/{name}: thumbnails' alt text {alts}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_thumbnail_comes_once_per_colour_scheme(tiny, language):
    """sphinx-gallery cut the thumbnail from the figure gallery_pages.thumbnail_figure names,
    with its scale_image at the configured size (were that no longer so, the dark twin would
    show another figure); the twin is the same cut of that figure's dark copy. On every page
    with a thumbnail, the light one and its dark twin come in that order, both lazy, and the
    twin's file is in the site."""
    from PIL import Image
    from sphinx_gallery.gen_gallery import DEFAULT_GALLERY_CONF
    from sphinx_gallery.utils import scale_image

    site = tiny[language]
    source = site.parents[1] / "docs" / language / LESSONS_DIR / "images"
    light = source / "thumb" / "sphx_glr_plot_tiny_thumb.png"
    cut = site.parent / f"cut-{language}.png"
    figure = source / "sphx_glr_plot_tiny_001.png"
    scale_image(figure, cut, *DEFAULT_GALLERY_CONF["thumbnail_size"])  # conf_common keeps it
    assert cut.read_bytes() == light.read_bytes(), "the thumbnail is not a cut of the figure"
    for name, prefix in ((f"{LESSONS_DIR}/index.html", "../"), ("index.html", "")):
        tags = THUMBNAIL_TAG.findall(html(site, name))
        assert len(tags) == 2, (name, tags)
        assert [attribute(tag, "class") for tag in tags] == ["only-light", "only-dark"], tags
        assert all(attribute(tag, "loading") == "lazy" for tag in tags), tags
        twin = site / attribute(tags[1], "src").removeprefix(prefix)
        assert twin.is_file(), twin
    with Image.open(light) as day, Image.open(twin) as night:
        assert day.size == night.size
        # inside the figure (sphinx-gallery pads it with transparency): its background
        assert day.convert("L").getpixel((20, 20)) > 200 > night.convert("L").getpixel((20, 20))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_lessons_figure_comes_once_per_colour_scheme(tiny, language):
    """dark_figures' scraper saved a dark copy beside sphinx-gallery's figure (it reads which
    files sphinx-gallery wrote from its image path iterator), and the page shows both, sized."""
    from PIL import Image

    site = tiny[language]
    page = html(site, f"{LESSONS_DIR}/plot_tiny.html")
    figures = re.findall(r'<img ([^>]*class = "sphx-glr-single-img[^"]*"[^>]*)>', page)
    assert len(figures) == 2, figures
    (light, dark), size = figures, re.search(r'width="\d+" height="\d+"', figures[0])[0]
    assert "only-light" in light and "only-dark" in dark and size in dark, figures
    pixels = []
    for attributes in figures:
        src = re.search(r'src="([^"]+)"', attributes)[1]
        with Image.open(site / LESSONS_DIR / src) as image:
            assert f'width="{image.width}" height="{image.height}"' == size, src
            pixels.append(image.convert("RGB").getpixel((0, 0)))
    assert pixels == [(255, 255, 255), (20, 24, 30)], "the dark copy is on the theme's #14181e"


def test_api_page_lists_the_lessons_that_use_an_object_and_only_those(tiny):
    words = {"en": "Lessons that use it", "ko": "이 이름을 쓰는 강의"}
    for language, site in tiny.items():
        page = html(site, "api.html")
        assert page.count(words[language]) == 1, f"{language}: one object (LeNet) is used"
        assert "sphx_glr_plot_tiny_thumb" in page


# -- languages: words out of the catalog's reach, the search page's words, "Out:" ------------


def with_deferred_scripts(page: str) -> str:
    """A page's HTML and the text of its inline scripts, which run deferred as data: URLs."""
    found = re.findall(r'src="data:text/javascript;base64,([^"]+)"', page)
    return page + "".join(base64.b64decode(script).decode("utf-8") for script in found)


def test_copy_buttons_speak_korean_and_english_keeps_its_own(tiny):
    assert "클립보드에 복사" in with_deferred_scripts(html(tiny["ko"], "index.html"))
    assert "클립보드에 복사" not in with_deferred_scripts(html(tiny["en"], "index.html"))


def test_search_page_words_come_from_the_site_catalog(tiny):
    import languages

    served = html(tiny["ko"], "_static/translations.js")
    assert served == languages.js_catalog(LOCALE / "ko" / "LC_MESSAGES" / "sphinx.po", "ko")
    messages = json.loads(served[served.index("(") + 1 : served.rindex(")")])["messages"]
    found = messages["Search finished, found one page matching the search query."]
    assert found == ["검색을 마쳤습니다. 검색어와 일치하는 페이지를 ${resultCount}개 찾았습니다."]
    assert messages["Search Results"] and messages["Hide Search Matches"]


def test_the_output_label_comes_from_the_catalog_on_translated_pages(tiny):
    """sphinx-gallery's stylesheet writes "Out:" before each output; a translated page's head
    overrides it with the catalog's word, and the source language's page keeps sphinx-gallery's."""
    rule = re.compile(
        r'html\[lang="(\w+)"\] \.sphx-glr-script-out::before \{ content: "([^"]+)"; \}'
    )
    korean = rule.findall(html(tiny["ko"], f"{LESSONS_DIR}/plot_tiny.html"))
    assert korean == [("ko", "출력:")], korean
    assert not rule.search(html(tiny["en"], f"{LESSONS_DIR}/plot_tiny.html"))
    assert Page(tiny["ko"] / LESSONS_DIR / "plot_tiny.html").lang == "ko"


# -- languages (the switch), term_table, reread_on_change -----------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_page_links_to_itself_in_every_language(tiny, language):
    page = Page(tiny[language] / LESSONS_DIR / "plot_tiny.html")
    for other in LANGUAGES:
        assert page.alternates[other] == f"../../{other}/{LESSONS_DIR}/plot_tiny.html"
    assert page.alternates["x-default"] == page.alternates[DEFAULT_LANGUAGE]
    switch = html(tiny[language], f"{LESSONS_DIR}/plot_tiny.html")
    assert re.search(rf'<span class="nn-lang-current" lang="{language}"', switch)


def test_glossary_is_the_term_table_with_headings_in_the_pages_language(tiny):
    from term_table import read_terms

    terms = read_terms()
    for language, headings in {"en": ("English", "Korean"), "ko": ("영어", "한국어")}.items():
        text = " ".join(Page(tiny[language] / "glossary.html").text)
        assert all(heading in text for heading in headings), language
        assert all(term["korean"] in text for term in terms), f"{language}: a term is missing"
        table = html(tiny[language], "glossary.html").split('class="nn-term-table')[1]
        english = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<tr[^>]*>\s*<td[^>]*>(.*?)</td>", table, re.S)
        ]
        assert len(english) == len(terms), f"{language}: {len(english)} rows, {len(terms)} terms"
        assert english == sorted(english, key=str.casefold), (
            f"{language}: not in alphabetical order"
        )


def test_a_change_to_an_extension_or_a_catalog_makes_sphinx_reread_every_page(tmp_path):
    from reread_on_change import site_version

    (tmp_path / "_ext").mkdir()
    (tmp_path / "locale" / "ko" / "LC_MESSAGES").mkdir(parents=True)
    extension = tmp_path / "_ext" / "x.py"
    catalog = tmp_path / "locale" / "ko" / "LC_MESSAGES" / "sphinx.po"
    extension.write_text("A = 1\n")
    catalog.write_text('msgid "a"\nmsgstr "ㄱ"\n', encoding="utf-8")
    first = site_version(tmp_path)
    assert site_version(tmp_path) == first
    extension.write_text("A = 2\n")
    second = site_version(tmp_path)
    catalog.write_text('msgid "a"\nmsgstr "ㄴ"\n', encoding="utf-8")
    assert len({first, second, site_version(tmp_path)}) == 3


def test_the_configurations_overview_lists_every_local_extension_and_no_other():
    """conf_common's docstring names each module of docs/_ext once, and conf_common loads each."""
    import conf_common

    overview = conf_common.__doc__.split("How the pieces fit", 1)[1]
    named = set(re.findall(r"^- ``(\w+)``:", overview, re.M))
    modules = {path.stem for path in EXTENSIONS.glob("*.py")}
    assert named == modules, (
        f"in the overview only: {named - modules}; only in docs/_ext: {modules - named}"
    )
    loaded = set(conf_common.settings(DEFAULT_LANGUAGE)["extensions"])
    assert modules <= loaded, f"not loaded: {modules - loaded}"


def test_code_spans_merge_only_neighbouring_tokens_drawn_like_plain_text():
    """Names, punctuation and whitespace share a span; an operator, a keyword or a link keeps its
    own; the text is unchanged, merging twice is merging once, and a style that draws names in a
    colour of their own keeps them apart."""
    from code_spans import merge_spans, plain_classes

    classes = plain_classes("a11y-high-contrast-light", "a11y-high-contrast-dark")
    assert {"n", "p", "w"} <= classes and not {"k", "o", "mi", "s2", "c1", "nb"} & classes
    assert "nx" in classes and "nx" not in plain_classes("a11y-high-contrast-light", "monokai")
    code = (
        '<pre><span></span><span class="n">x</span><span class="w"> </span><span class="o">=</span>'
        '<span class="w"> </span><span class="n">f</span><span class="p">(</span>'
        '<a href="api.html"><span class="n">torch</span></a><span class="p">)</span>\n'
        '<span class="k">def</span> <span class="nf">g</span><span class="p">():</span></pre>'
    )
    merged = merge_spans(code, classes)
    assert merged == (
        '<pre><span></span><span class="n">x </span><span class="o">=</span>'
        '<span class="w"> f(</span><a href="api.html"><span class="n">torch</span></a>'
        '<span class="p">)</span>\n<span class="k">def</span> <span class="nf">g</span>'
        '<span class="p">():</span></pre>'
    )
    assert re.sub("<[^>]+>", "", merged) == re.sub("<[^>]+>", "", code)
    assert merge_spans(merged, classes) == merged
    assert merge_spans(code, set()) == code


def test_the_hangul_stand_in_takes_exactly_the_room_of_each_nanumgothic_face():
    """While NanumGothic loads, Hangul is laid out in its stand-in (web_fonts.METRICS_FAMILY):
    every character of the Hangul ranges that a face has is in the stand-in, as wide as in that
    face (regular and bold alike), with the face's height above and below the line, and drawn
    as nothing. A stand-in made from another font (the math font) fails the same comparison."""
    import io

    from fontTools.ttLib import TTFont
    from web_fonts import FACES, MATH_FACE, font_file, in_ranges, metrics_font

    def read(path: Path) -> TTFont:
        return TTFont(io.BytesIO(path.read_bytes()))

    def widths(font: TTFont) -> dict[int, int]:
        advances = font["hmtx"].metrics
        return {
            code: advances[glyph][0]
            for code, glyph in font.getBestCmap().items()
            if in_ranges(chr(code))
        }

    def mismatches(stand_in: TTFont, face: TTFont) -> list[str]:
        wanted, given = widths(face), widths(stand_in)
        found = [f"U+{c:04X}: {given.get(c)}" for c, w in wanted.items() if given.get(c) != w]
        for table, field in [("hhea", "ascent"), ("hhea", "descent"), ("OS/2", "usWinAscent"),
                             ("OS/2", "usWinDescent"), ("OS/2", "sTypoAscender")]:  # fmt: skip
            if getattr(stand_in[table], field) != getattr(face[table], field):
                found.append(f"{table}.{field}")
        return found

    stand_in_bytes = metrics_font(font_file(FACES["regular"]))
    assert len(stand_in_bytes) < 2_000, "the stand-in is written into every Korean page"
    stand_in = TTFont(io.BytesIO(stand_in_bytes))
    for face in FACES.values():
        font = read(font_file(face))
        assert len(widths(font)) > 11_000, face.file
        assert not mismatches(stand_in, font), (face.file, mismatches(stand_in, font)[:5])
    glyphs = stand_in.getGlyphSet()
    drawn = {
        stand_in.getBestCmap()[code]
        for code in widths(stand_in)
        if stand_in["glyf"][stand_in.getBestCmap()[code]].numberOfContours
    }
    assert glyphs and not drawn, f"the stand-in draws {sorted(drawn)[:5]}"
    wrong = TTFont(io.BytesIO(metrics_font(font_file(MATH_FACE))))
    assert mismatches(wrong, read(font_file(FACES["bold"])))


def test_a_cut_of_a_hangul_face_keeps_the_faces_metrics(tmp_path):
    """web_fonts cuts each Hangul face to the characters its edition's pages use, so the cut
    changes with an edit to any page. A page lays out alike with any cut: each character kept is
    as wide as in the whole face, and the line's height and the units are the face's. (So the
    browser checks need not be made again for a new cut: conftest.EDITION_WIDE.) The same
    comparison fails for a cut of another font."""
    from fontTools.ttLib import TTFont
    from web_fonts import FACES, MATH_FACE, font_file, in_ranges, write_subset

    characters = set("한국어로 배우는 신경망: 변화도와 역전파「」（１）ㄱㅎ")

    def mismatches(cut: TTFont, face: TTFont) -> list[str]:
        kept, whole = cut.getBestCmap(), face.getBestCmap()
        found = [f"lacks {c}" for c in sorted(characters) if in_ranges(c) and ord(c) not in kept]
        for code, glyph in kept.items():
            width = face["hmtx"].metrics[whole[code]][0] if code in whole else None
            if cut["hmtx"].metrics[glyph][0] != width:
                found.append(f"U+{code:04X}: {cut['hmtx'].metrics[glyph][0]} not {width}")
        for table, field in [("head", "unitsPerEm"), ("hhea", "ascent"), ("hhea", "descent"),
                             ("hhea", "lineGap"), ("OS/2", "usWinAscent"),
                             ("OS/2", "usWinDescent"), ("OS/2", "sTypoAscender"),
                             ("OS/2", "sTypoDescender"), ("OS/2", "sTypoLineGap")]:  # fmt: skip
            if getattr(cut[table], field) != getattr(face[table], field):
                found.append(f"{table}.{field}")
        return found

    for face in FACES.values():
        write_subset(font_file(face), tmp_path / face.written, characters)
        cut, whole = TTFont(tmp_path / face.written), TTFont(font_file(face))
        assert not mismatches(cut, whole), (face.written, mismatches(cut, whole)[:5])
    write_subset(font_file(MATH_FACE), tmp_path / "math.woff2", characters)
    assert mismatches(TTFont(tmp_path / "math.woff2"), TTFont(font_file(FACES["regular"])))
