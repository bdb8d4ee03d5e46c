"""The built site as its files: pages in every language, downloads, search index, and a
downloaded lesson run by a reader who did one ``pip install``.

These read ``docs/_build/html``, which ``nox -s docs`` builds; without it they fail and say so.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import itertools
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import Page, catalog_word, tiny_tree
from gallery_pages import RUNNING_TIME
from memo import code_of
from site_facts import (
    DEFAULT_LANGUAGE,
    DIST_DIR,
    DOCS,
    EXTENSIONS,
    GALLERY,
    HTML,
    LANGUAGES,
    LESSONS,
    LESSONS_DIR,
    SRC,
    sphinx_command,
    wheel_name,
)
from site_facts import pages as edition_pages


def pages(language: str) -> list[Path]:
    return edition_pages(HTML / language)


def test_every_lesson_has_a_page_in_both_languages_with_the_right_lang(site):
    for language in LANGUAGES:
        for lesson in LESSONS:
            page = Page(site / language / LESSONS_DIR / f"{lesson}.html")
            assert page.lang == language, f"{language}/lessons/{lesson}.html has lang={page.lang}"


def test_both_editions_have_the_same_pages_and_point_at_each_other(site):
    editions = {lang: {p.relative_to(site / lang) for p in pages(lang)} for lang in LANGUAGES}
    first = editions[DEFAULT_LANGUAGE]
    for lang, relatives in editions.items():
        assert relatives == first, (
            f"only in {lang}: {sorted(relatives - first)[:5]}; "
            f"only in {DEFAULT_LANGUAGE}: {sorted(first - relatives)[:5]}"
        )
    for lang in LANGUAGES:
        for relative in sorted(first):
            page = Page(site / lang / relative)
            assert set(page.alternates) >= {*LANGUAGES, "x-default"}, f"{lang}/{relative}"
            for other in LANGUAGES:
                target = (site / lang / relative).parent / page.alternates[other].split("#")[0]
                assert target.resolve() == (site / other / relative).resolve(), (
                    f"{lang}/{relative} -> {other}"
                )


def test_each_lesson_page_offers_script_notebook_wheel_and_the_install_command(site):
    wheels = list((site / DIST_DIR).glob("*.whl"))
    assert [wheel.name for wheel in wheels] == [wheel_name()], "the site must serve one wheel"
    for language in LANGUAGES:
        for lesson in LESSONS:
            path = site / language / LESSONS_DIR / f"{lesson}.html"
            page = Page(path)
            targets = [(path.parent / link.split("#")[0]).resolve() for link in page.links]
            for suffix in (".py", ".ipynb"):
                downloads = [t for t in targets if t.name == f"{lesson}{suffix}"]
                assert downloads and downloads[0].is_file(), f"{path.name}: no {suffix} download"
            assert wheels[0].resolve() in targets, f"{language}/{lesson}: no link to the wheel"
            text = " ".join(page.text)
            assert f"pip install {wheels[0].name}" in text
            assert re.search(r"PyTorch \d+\.\d+", text), f"{language}/{lesson}: no torch version"
    for language in LANGUAGES:
        zips = list((site / language / "_downloads").rglob("*.zip"))
        assert len(zips) == 2, f"{language}: all lessons must be offered as .py and .ipynb zips"


def test_korean_downloads_are_the_korean_scripts(site):
    script = next((site / "ko" / "_downloads").rglob("plot_lenet.py"))
    assert script.read_text(encoding="utf-8") == (GALLERY / "ko" / "plot_lenet.py").read_text(
        encoding="utf-8"
    )


GENERIC_LINK_TEXT = {
    "click here", "click this", "go", "here", "information", "learn more", "more", "more info",
    "more information", "right here", "read more", "see more", "start", "this",
    "여기", "여기를 클릭", "클릭", "링크", "자세히", "자세히 보기", "계속", "이동", "전체 보기",
}  # fmt: skip
"""Lighthouse 12.2.3's words for a link that says nothing of where it goes (its SEO audit
``link-text``), in English and Korean. sphinx-gallery links each name in a lesson's code to the
API page of its type: a variable called ``start`` made a link reading "start"."""
LINK = re.compile(r'<a\b[^>]*\bhref="(?P<href>[^"]*)"[^>]*>(?P<text>.*?)</a>', re.S)


def generic_links(page: str) -> list[str]:
    """The links of ``page`` (HTML) to somewhere else whose whole text is a generic word."""
    found = []
    for link in LINK.finditer(page):
        text = html.unescape(re.sub(r"<[^>]+>", "", link["text"])).strip().lower()
        if text in GENERIC_LINK_TEXT and not link["href"].startswith(("#", "javascript:")):
            found.append(f"{text!r} -> {link['href']}")
    return found


def test_every_link_says_where_it_goes(site):
    bad = {
        str(path.relative_to(site)): found
        for path in sorted(site.rglob("*.html"))
        if (found := generic_links(path.read_text(encoding="utf-8")))
    }
    assert not bad, bad


def test_the_link_check_finds_a_link_that_says_nothing():
    wrong = '<a class="reference internal" href="../generated/x.html"><span>start</span></a>'
    assert generic_links(wrong) == ["'start' -> ../generated/x.html"]
    assert generic_links('<p><a href="y.html">여기</a>를 보세요</p>')
    for right in ('<a href="x.html">starting weights</a>', '<a href="#start">start</a>',
                  '<a href="x.html">the lesson on hooks</a>'):  # fmt: skip
        assert not generic_links(right), right


def test_no_page_loads_anything_from_another_host(site):
    pattern = re.compile(
        r"""<(?:script|link|img|iframe|source)\b[^>]*?(?:src|href)=["'](?:https?:)?//"""
    )
    offenders = [
        str(p.relative_to(site))
        for lang in LANGUAGES
        for p in pages(lang)
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"pages that load from another host: {offenders[:5]}"


def search_index(language: str) -> dict:
    text = (HTML / language / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def documents_for(index: dict, term: str) -> set[str]:
    found = set()
    for table in ("terms", "titleterms"):
        hits = index[table].get(term, [])
        found |= {index["docnames"][i] for i in ([hits] if isinstance(hits, int) else hits)}
    return found


@pytest.mark.parametrize(
    ("query", "with_particle"),
    [("변화도", "변화도를"), ("가중치", "가중치가"), ("손실", "손실은"), ("역전파", "역전파로"),
     ("합성곱", "합성곱은")],
)  # fmt: skip
def test_korean_search_finds_a_word_whatever_particle_follows(site, query, with_particle):
    from korean_search import strip_particle

    assert strip_particle(with_particle) == query
    assert strip_particle(query) == query
    index = search_index("ko")
    documents = documents_for(index, strip_particle(query))
    lessons = {d for d in documents if d.startswith("lessons/plot_")}
    assert lessons, f"searching {query} on the Korean site finds no lesson"
    # the word appears on those pages with a particle attached, not only bare
    attached = re.compile(re.escape(query) + r"(?:을|를|이|가|은|는|의|에|로|으로|와|과|도)")
    assert any(
        attached.search((HTML / "ko" / f"{d}.html").read_text(encoding="utf-8")) for d in lessons
    )


def lesson_prose(script: str) -> str:
    """A lesson's prose as a translator writes it: its docstring and its text cells' comments,
    without the reST markup's inline code (``code``) and roles (:math:`...`)."""
    docstring = script[script.index('"""') + 3 : script.index('"""', script.index('"""') + 3)]
    comments = re.findall(r"^# ?(.*)$", script.split('"""')[-1], re.M)
    return re.sub(r"``.*?``|:\w+:`[^`]*`", " ", "\n".join([docstring, *comments]), flags=re.S)


def unindexed_korean_words(prose: str, index: dict, docname: str) -> list[str]:
    """The Hangul words of ``prose`` that searching the Korean site would not lead to
    ``docname``: the search index is missing them or points elsewhere."""
    from korean_search import stem

    words = {stem(word) for word in re.findall(r"\w+", prose) if re.fullmatch("[가-힣]+", word)}
    return sorted(word for word in words if docname not in documents_for(index, word))


def test_korean_search_finds_every_lesson_by_every_word_of_its_prose(site):
    """The search index has its own check, so that the browser's check of a page need not
    depend on it (tests/test_browser.py): a lesson's page is found by each Hangul word of the
    lesson's prose, the edited words of one lesson too."""
    index = search_index("ko")
    missing = {}
    for lesson in LESSONS:
        prose = lesson_prose((GALLERY / "ko" / f"{lesson}.py").read_text(encoding="utf-8"))
        assert len(prose) > 500, lesson
        missing[lesson] = unindexed_korean_words(prose, index, f"lessons/{lesson}")
    assert not any(missing.values()), {k: v[:10] for k, v in missing.items() if v}


def test_the_search_check_names_a_word_the_index_lacks(site):
    """The check above against wrong indexes: a word dropped from the index, or pointing at
    another page, is reported; a word written with a particle is found by its stem."""
    index = search_index("ko")
    prose = "신경망을 새로운낱말로 학습합니다"
    assert unindexed_korean_words(prose, index, "lessons/plot_rnn") == ["새로운낱말"]
    without = {**index, "terms": {k: v for k, v in index["terms"].items() if k != "신경망"}}
    without["titleterms"] = {k: v for k, v in index["titleterms"].items() if k != "신경망"}
    assert "신경망" in unindexed_korean_words("신경망을", without, "lessons/plot_rnn")
    assert unindexed_korean_words("신경망을", index, "lessons/plot_rnn") == []
    assert unindexed_korean_words("신경망을", index, "no/such/page") == ["신경망"]


def test_english_search_still_stems_english(site):
    index = search_index("en")
    assert "lessons/plot_lenet" in documents_for(index, "gradient")
    assert documents_for(index, "backpropag") or documents_for(index, "backpropag"[:-1])


@pytest.mark.parametrize(("language", "lesson"), [("en", "plot_autograd"), ("ko", "plot_rnn")])
def test_a_downloaded_lesson_runs_after_one_pip_install(
    site, reader_python, reader_environment, tmp_path, memo, language, lesson
):
    """Run in a venv with only the wheel installed; not run again while the script's code (not
    its prose), the wheel and the venv's packages are the ones it passed with (tests/memo.py)."""
    script = next((site / language / "_downloads").rglob(f"{lesson}.py"))
    record, wheel = memo(context=reader_environment), site / DIST_DIR / wheel_name()
    if record.passed(f"{language}/{lesson}.py", (code_of(script),)):
        return
    copy = tmp_path / script.name  # a reader's folder: no repository around it
    copy.write_bytes(script.read_bytes())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(MPLBACKEND="Agg", PYTHONWARNINGS="error::DeprecationWarning")
    result = subprocess.run(
        [reader_python, copy.name], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip(), "the lesson printed nothing"
    record.remember(f"{language}/{lesson}.py", [wheel], (code_of(script),))


TIMING = re.compile(rf"{RUNNING_TIME}|sphx-glr-timing")


def lesson_outputs(docs: Path, language: str, lesson: str) -> dict[str, bytes]:
    """What one lesson printed (its generated page, timings removed) and drew (its figures and
    thumbnail), by file name."""
    lessons = docs / language / LESSONS_DIR
    lines = (lessons / f"{lesson}.rst").read_text(encoding="utf-8").splitlines()
    outputs = {
        f"{lesson}.rst": "\n".join(line for line in lines if not TIMING.search(line)).encode()
    }
    for image in sorted((lessons / "images").rglob("*.png")):
        if re.fullmatch(rf"sphx_glr_{lesson}_(\d+|thumb)\.png", image.name):
            outputs[str(image.relative_to(lessons))] = image.read_bytes()
    return outputs


def lesson_run_inputs(language: str, lesson: str) -> tuple[list[Path], tuple[str, ...]]:
    """What a run of one lesson reads from the repository (the lesson's code, the package, the
    configuration and extensions), and what the site's build of it printed and drew: files,
    and strings for the parts of files (the lesson's prose changes neither its run nor what it
    prints, so an edit to it does not run the lesson again here)."""
    sources = [*SRC.rglob("*.py"), *EXTENSIONS.glob("*.py")]
    sources += [DOCS / name for name in ("conf_common.py", "site_facts.py", "build.py")]
    built = DOCS / language / LESSONS_DIR
    sources += [*(built / "images").rglob(f"sphx_glr_{lesson}_*.png")]
    files = [path for path in sources if "__pycache__" not in path.parts]
    return files, (code_of(GALLERY / language / f"{lesson}.py"), printed(built / f"{lesson}.rst"))


def printed(rst: Path) -> str:
    """The output blocks of a lesson's generated page: what its code printed."""
    text = rst.read_text(encoding="utf-8")
    return "\n".join(
        re.findall(r"^\.\. rst-class:: sphx-glr-script-out\n((?: .*\n|\n)*)", text, re.M)
    )


def test_what_a_lesson_printed_leaves_out_its_prose(tmp_path):
    page = """Prose {p}.

.. code-block:: Python

    print(1)

.. rst-class:: sphx-glr-script-out

 .. code-block:: none

    {out}

More prose.
"""
    rst = tmp_path / "plot_x.rst"

    def of(prose: str, out: str) -> str:
        rst.write_text(page.format(p=prose, out=out), encoding="utf-8")
        return printed(rst)

    assert "손실: 0.39" in of("a", "손실: 0.39") and "prose" not in of("a", "손실: 0.39")
    assert of("a", "손실: 0.39") == of("b, longer", "손실: 0.39")
    assert of("a", "손실: 0.39") != of("a", "손실: 0.40")


def test_two_clean_builds_print_and_draw_the_same(site, tmp_path, capsys, memo):
    """The lessons run again from scratch, as the build runs them, print and draw byte for byte
    what the site shows. Only the lessons are built (sphinx-gallery under the real configuration,
    every language side by side as docs/build.py runs them); no page is written.

    A lesson is not run again when nothing its run reads (its code, not its prose), nor what
    the site's build of it printed and drew, changed since it passed: see tests/memo.py."""
    record = memo()
    spec = importlib.util.spec_from_file_location("site_build", DOCS / "build.py")
    site_build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(site_build)
    commands, runs = {}, {}
    for language in LANGUAGES:
        runs[language] = [
            lesson
            for lesson in LESSONS
            if not record.passed(f"{language}/{lesson}", lesson_run_inputs(language, lesson)[1])
        ]
        if not runs[language]:
            continue
        gallery = tmp_path / "gallery" / language
        gallery.mkdir(parents=True)
        for lesson in runs[language]:
            shutil.copy(GALLERY / language / f"{lesson}.py", gallery)
        shutil.copy(GALLERY / language / "README.txt", gallery)
        index = f"Lessons\n=======\n\n.. toctree::\n\n   {LESSONS_DIR}/index\n"
        tiny_tree(tmp_path, language, {}, {"index.rst": index}, gallery=False)
        commands[language] = sphinx_command(
            language, "-D", "nitpicky=0",
            docs=tmp_path / "docs", out=tmp_path / "out" / language,
            builder="dummy", strict=False,
        )  # fmt: skip
    if not commands:
        return
    failed = site_build.build_editions(commands)
    assert not failed, f"the lessons failed in {failed}: {capsys.readouterr().out[-3000:]}"
    differ = []
    for language, lessons in runs.items():
        for lesson in lessons:
            first = lesson_outputs(DOCS, language, lesson)
            second = lesson_outputs(tmp_path / "docs", language, lesson)
            if first != second:
                names = sorted(
                    n for n in first.keys() | second.keys() if first.get(n) != second.get(n)
                )
                differ.append(f"{language}/{lesson}: {names}")
            else:
                record.remember(f"{language}/{lesson}", *lesson_run_inputs(language, lesson))
    assert not differ, f"two clean builds differ in: {differ}"


def test_the_shipped_fonts_have_every_character_the_pages_use(site):
    """A character missing from a subset would be an empty box on a machine without a Korean
    font, or a formula drawn without a math font: every Hangul character each edition's pages use
    is in both Hangul faces, and every character of its formulas in the math font, whose MATH
    table (stretchy brackets, radicals) is kept."""
    from fontTools.ttLib import TTFont
    from web_fonts import FACES, FONT_DIR, MATH_FACE, math_characters, used_characters

    for language in LANGUAGES:
        fonts = site / language / "_static" / FONT_DIR
        hangul, math = used_characters(site / language), math_characters(site / language)
        if language == "ko":
            assert len(hangul) > 500, "the Korean pages use few Hangul characters?"
        assert {"∂", "=", "x"} <= math, f"{language}: the lessons' formulas are not MathML?"
        for face, characters in [*((f, hangul) for f in FACES.values()), (MATH_FACE, math)]:
            font = TTFont(fonts / face.written)
            cmap = font.getBestCmap()
            missing = sorted(c for c in characters if ord(c) not in cmap)
            assert not missing, f"{language}/{face.written} lacks {''.join(missing[:40])}"
            assert (fonts / face.written).stat().st_size < 200_000, face.written
        assert "MATH" in TTFont(fonts / MATH_FACE.written), "the math font lost its MATH table"


def test_every_lesson_figure_says_what_it_shows_in_the_pages_language(site):
    """sphinx-gallery takes a figure's alt text from its title: every figure of a lesson has
    one, and on a Korean page it is Korean."""
    problems = []
    for language in LANGUAGES:
        for path in sorted((site / language / "lessons").glob("plot_*.html")):
            text = path.read_text(encoding="utf-8")
            for alt in re.findall(r'<img [^>]*?alt="([^"]*)"[^>]*class = "sphx-glr', text):
                if not alt.strip() or (language == "ko" and not re.search("[가-힣]", alt)):
                    problems.append(f"{language}/{path.name}: alt={alt!r}")
            if not re.search(r'class = "sphx-glr-single-img', text):
                problems.append(f"{language}/{path.name}: no figure")
    assert not problems, "\n".join(problems)


def test_the_shipped_fonts_depend_only_on_the_pages(site, tmp_path, memo):
    """Two clean builds ship the same font bytes: cutting the fonts again now, from the built
    pages, gives the shipped files byte for byte (no build date or other state in the woff2).
    Not done again for an edition whose pages and fonts are the bytes it passed on."""
    from web_fonts import (
        FACES,
        FONT_DIR,
        MATH_FACE,
        font_file,
        math_characters,
        text_files,
        used_characters,
        write_subset,
    )

    record = memo()
    for language in LANGUAGES:
        if record.passed(language):
            continue
        hangul, math = used_characters(site / language), math_characters(site / language)
        shipped_files = []
        for face, characters in [*((f, hangul) for f in FACES.values()), (MATH_FACE, math)]:
            shipped = site / language / "_static" / FONT_DIR / face.written
            again = tmp_path / language / shipped.name
            write_subset(font_file(face), again, characters)
            assert again.read_bytes() == shipped.read_bytes(), f"{language}/{shipped.name} differs"
            shipped_files.append(shipped)
        # the fonts it cuts from come with packages, whose versions the memo knows
        inputs = [*text_files(site / language), *shipped_files, EXTENSIONS / "web_fonts.py"]
        record.remember(language, inputs)


def test_the_icon_font_has_every_icon_the_site_draws_and_few_others(site):
    """The theme's icon face is cut to the site's icons (docs/_ext/web_fonts.py): every icon a
    page or script names, and every one the theme's style sheet draws itself, that the theme's
    face has is in the shipped face, which is a few KB instead of 115; the style sheet's table
    of icons keeps the rows of the site's icons, not the 2,500 of the theme's."""
    from fontTools.ttLib import TTFont
    from web_fonts import (
        ICON_DIR,
        ICON_FACE,
        ICON_RULE,
        THEME_CSS,
        font_file,
        icon_characters,
        icon_texts,
    )

    theirs = TTFont(font_file(ICON_FACE)).getBestCmap()
    their_css = (font_file(ICON_FACE).parents[3] / THEME_CSS).read_text(encoding="utf-8")
    their_table = {n for names, _ in ICON_RULE.findall(their_css) for n in names.split(",")}
    for language in LANGUAGES:
        static = site / language / "_static"
        css = (static / THEME_CSS).read_text(encoding="utf-8")
        icons = icon_characters(their_css, icon_texts(site / language))
        assert icon_characters(css, icon_texts(site / language)) == icons
        # search, menu, light, dark, language, and the arrows of "previous" and "next"
        assert {"\uf002", "\uf0c9", "\uf185", "\uf186", "\uf1ab", "\uf104", "\uf105"} <= icons
        shipped = static / ICON_DIR / ICON_FACE.written
        ours = TTFont(shipped).getBestCmap()
        missing = sorted(hex(ord(c)) for c in icons if ord(c) in theirs and ord(c) not in ours)
        assert not missing, f"{language}: the icon font lacks {missing}"
        assert len(ours) < 100 and shipped.stat().st_size < 10_000, (len(ours), shipped)
        table = {n for names, _ in ICON_RULE.findall(css) for n in names.split(",")}
        assert {".fa-magnifying-glass", ".fa-sun", ".fa-language"} <= table, table
        assert len(table) < 100 < len(their_table), len(table)


def test_icon_characters_come_from_the_names_used_and_the_themes_own_icons():
    """Right and wrong inputs of the icon cut: an icon's name, an alias, a CSS escape, a name
    the table lacks, a class that is not an icon, and an icon the style sheet draws itself; the
    style sheet keeps the table's rows of the icons named, and every other rule."""
    from web_fonts import icon_characters, keep_named_icons

    css = (
        '.fa-a{--fa:"A"}.fa-home,.fa-house{--fa:"\\f015"}.fa-one{--fa:"\\31 "}'
        '.fa-solid{font-weight:900}.admonition:before{content:"\uf35d"}'
    )
    own = {"\uf35d"}
    assert icon_characters(css, ['<i class="fa-solid fa-home"></i>']) == {"\uf015", *own}
    assert icon_characters(css, ["fa-house", "fa-one fa-a"]) == {"\uf015", "1", "A", *own}
    assert icon_characters(css, ["fa-unknown fa-solid", "house one"]) == own
    assert icon_characters('.fa-a{--fa:"A"}', []) == set()
    assert keep_named_icons(css, ["fa-house"]) == (
        '.fa-home,.fa-house{--fa:"\\f015"}.fa-solid{font-weight:900}'
        '.admonition:before{content:"\uf35d"}'
    )
    assert keep_named_icons(css, []) == css[css.index(".fa-solid") :]


STYLE_SHEET = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*>')
SCRIPT_SRC = re.compile(r'<script\b[^>]*\bsrc="([^"#?]+)')


def style_sheet(path: Path) -> str:
    """A style sheet's text, with the sheets it imports (``@import "../basic.css";``)."""
    text = path.read_text(encoding="utf-8")
    imported = re.findall(r"""@import\s+(?:url\()?["']?([^"')\s;]+)""", text)
    return "\n".join([text, *(style_sheet(path.parent / name) for name in imported)])


def unused_style_sheets(page: Path) -> list[str]:
    """The style sheets a page links that style nothing it can have: no selector of theirs
    names only classes that the page's HTML or the scripts it loads (which add elements:
    copy buttons) use. Selectors without a class do not count: every sheet has some."""
    text = page.read_text(encoding="utf-8")
    used = {c for value in re.findall(r'class="([^"]*)"', text) for c in value.split()}
    for src in SCRIPT_SRC.findall(text):
        if not src.startswith("data:") and (page.parent / src).is_file():
            used |= words_of_script((page.parent / src).resolve())
    unused = []
    for tag in STYLE_SHEET.findall(text.split("</head>", 1)[0]):
        href = re.search(r'href="([^"?#]+)', tag)[1]
        if not any(names <= used for names in selector_classes((page.parent / href).resolve())):
            unused.append(href)
    return unused


@functools.cache
def words_of_script(path: Path) -> frozenset[str]:
    """The words of a script (read once per run: every lesson page loads the same ones)."""
    return frozenset(re.findall(r"[\w-]+", path.read_text(encoding="utf-8", errors="ignore")))


@functools.cache
def selector_classes(path: Path) -> list[frozenset[str]]:
    """The classes each selector of a style sheet names, for the selectors that name one."""
    # comments, addresses and strings hold no selector
    css = re.sub(r"/\*.*?\*/|url\([^)]*\)|\"[^\"]*\"", "", style_sheet(path), flags=re.S)
    selectors = [s for rule in re.findall(r"([^{}]+)\{", css) for s in rule.split(",")]
    classes = [frozenset(re.findall(r"\.(-?[A-Za-z_][\w-]*)", s)) for s in selectors]
    return [names for names in classes if names]


def test_the_unused_style_sheet_check_finds_one(tmp_path):
    """The check above on a page that links sheets styling what it has (one only through a
    script, one through a sheet it imports) and one styling what it lacks (sphinx-gallery's
    Binder badge)."""
    (tmp_path / "used.css").write_text("pre { margin: 0 }\ndiv.highlight .k { color: red }")
    (tmp_path / "by-script.css").write_text("/* .highlight */ button.copybtn { opacity: 0 }")
    (tmp_path / "binder.css").write_text("div.binder-badge img { width: 120px }\n.pre {}")
    (tmp_path / "imports.css").write_text('@import "used.css";')
    (tmp_path / "copy.js").write_text('button.classList.add("copybtn")')
    page = tmp_path / "page.html"
    links = "".join(
        f'<link rel="stylesheet" href="{name}.css?v=1" />'
        for name in ("used", "by-script", "binder", "imports")
    )
    page.write_text(
        f'<html><head>{links}<script defer src="copy.js"></script></head>'
        '<body><div class="highlight"><pre><span class="k">def</span></pre></div></body></html>'
    )
    assert unused_style_sheets(page) == ["binder.css"]


def test_lesson_pages_load_no_search_index_and_no_style_sheet_they_do_not_use(site):
    """A lesson page loads what it shows: not the search index and search scripts (only
    search.html does, with search-as-you-type off), not fontawesome.js, not a style sheet that
    styles nothing on it (sphinx-gallery's for Binder badges, pandas tables, HTML output), and
    no style sheet that only imports another."""
    for language in LANGUAGES:
        search = (site / language / "search.html").read_text(encoding="utf-8")
        assert "searchindex.js" in search and "searchtools.js" in search, language
        for lesson in LESSONS:
            path = site / language / LESSONS_DIR / f"{lesson}.html"
            head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
            loaded = re.findall(r'(?:src|href)="([^"?]+)', head)
            for script in (
                "searchindex.js",
                "searchtools.js",
                "language_data.js",
                "fontawesome.js",
            ):
                assert not any(url.endswith(script) for url in loaded), f"{path}: {script}"
            assert unused_style_sheets(path) == [], path.relative_to(site)
            # basic.css linked, not imported by the theme's theme.css: no second round trip
            assert any(url.endswith("_static/basic.css") for url in loaded), path
            assert not any(url.endswith("styles/theme.css") for url in loaded), path


def test_lesson_code_is_highlighted_in_few_elements_and_keeps_its_links(site):
    """A lesson's code: no two neighbouring tokens drawn like plain text in separate spans
    (docs/_ext/code_spans.py), its keywords still highlighted, its names still linked to the API
    pages, and every lesson page under 5,000 elements (the RNN lesson had 5,500)."""
    from code_spans import merge_spans, plain_classes

    classes = plain_classes("a11y-high-contrast-light", "a11y-high-contrast-dark")
    for language in LANGUAGES:
        for lesson in LESSONS:
            path = site / language / LESSONS_DIR / f"{lesson}.html"
            text = path.read_text(encoding="utf-8")
            assert merge_spans(text, classes) == text, f"{path}: spans left to merge"
            assert '<span class="k">' in text and "sphx-glr-backref" in text, path
            body = text[text.index("<body") :]
            assert len(re.findall(r"<[a-zA-Z]", body)) < 5_000, path


def test_no_page_shows_an_empty_code_or_output_block(site):
    """A code cell that holds only a configuration comment (``# sphinx_gallery_...``, which
    sphinx-gallery removes) would still be drawn: an empty box with a copy button."""
    empty = []
    for language in LANGUAGES:
        for path in pages(language):
            text = path.read_text(encoding="utf-8")
            for block in re.finditer(r"<pre[^>]*>(.*?)</pre>", text, re.S):
                if not html.unescape(re.sub(r"<[^>]+>", "", block.group(1))).strip():
                    before = re.sub(r"<[^>]+>|\s+", " ", text[max(0, block.start() - 400) :])
                    empty.append(f"{path.relative_to(site)}, after: {before[:400].strip()[-80:]}")
    assert not empty, "\n".join(empty)


def test_the_lessons_come_in_the_order_of_the_table(site):
    """The lessons page, the index page's gallery and each lesson's next-page button follow
    site_facts.LESSONS, the one list of the lessons."""
    for language in LANGUAGES:
        for page in ("index.html", f"{LESSONS_DIR}/index.html"):
            text = (site / language / page).read_text(encoding="utf-8")
            linked = re.findall(r'href="(?:lessons/)?(plot_\w+)\.html"', text)
            assert list(dict.fromkeys(linked)) == list(LESSONS), f"{language}/{page}: {linked}"
        for lesson, following in itertools.pairwise(LESSONS):
            text = (site / language / LESSONS_DIR / f"{lesson}.html").read_text(encoding="utf-8")
            nexts = re.findall(r'<a class="right-next"\s+href="(\w+)\.html"', text)
            assert nexts == [following], f"{language}/{lesson}: next is {nexts}"


def test_every_solution_is_folded_in_the_html_itself(site):
    """Folded at build time, not by a script after load: the page is right with JavaScript off
    and does not move. Each folds the solution's code and what it printed, nothing else."""
    for language in LANGUAGES:
        label = catalog_word(language, "Solution")
        for lesson in LESSONS:
            source = (GALLERY / language / f"{lesson}.py").read_text(encoding="utf-8")
            expected = source.count(f"# %%\n# **{label}**\n")
            text = (site / language / LESSONS_DIR / f"{lesson}.html").read_text(encoding="utf-8")
            folds = re.findall(
                rf'<details class="nn-solution"><summary>{label}</summary>(.*?)</details>',
                text,
                re.S,
            )
            where = f"{language}/{lesson}"
            assert expected and len(folds) == expected, f"{where}: {len(folds)} of {expected}"
            assert f"<p><strong>{label}</strong></p>" not in text, f"{where}: an unfolded label"
            for fold in folds:
                assert fold.count('<div class="highlight-Python') == 1, where
                assert fold.count("sphx-glr-script-out") == 1, where
                assert "exercises.check" in re.sub(r"<[^>]+>", "", fold), where


def test_every_page_has_a_description_in_its_language(site):
    """What a search result shows under the title: the page's first paragraph, cut short."""
    for language in LANGUAGES:
        for path in pages(language):
            text = path.read_text(encoding="utf-8")
            found = re.findall(r'<meta name="description" content="([^"]*)"', text)
            where = path.relative_to(site)
            assert len(found) == 1 and 40 <= len(html.unescape(found[0])) <= 160, (
                f"{where}: {found}"
            )
            if language == "ko":
                assert re.search("[가-힣]", found[0]), f"{where}: {found[0]}"


def test_figures_keep_their_place_and_load_lazily_below_the_first(site):
    """Each lesson figure is served as WebP with the PNG's very pixels, states its pixel size
    (the page does not move when it arrives), comes after the text the first paint needs, and
    comes twice, for the light and the dark colour scheme (docs/_ext/dark_figures.py): two
    images of the same size, side by side, both lazy, so that only the one the scheme shows is
    fetched. A figure without its dark copy would be the only one, loading at once when it is a
    page's first."""
    from gallery_pages import png_size
    from PIL import Image

    for language in LANGUAGES:
        for lesson in LESSONS:
            path = site / language / LESSONS_DIR / f"{lesson}.html"
            figures = re.findall(
                r'<img ([^>]*class = "sphx-glr-single-img[^"]*"[^>]*)>', path.read_text()
            )
            assert figures, f"{language}/{lesson}: no figure"
            schemes = [re.search(r'class = "[^"]*(only-\w+)"', f) for f in figures]
            where = f"{language}/{lesson}"
            assert [s and s[1] for s in schemes] == ["only-light", "only-dark"] * (
                len(figures) // 2
            ), f"{where}: figures not in light and dark pairs: {figures}"
            pixels = []
            for attributes in figures:
                size = re.search(r'width="(\d+)" height="(\d+)"', attributes)
                src = re.search(r'src="([^"]+)"', attributes)[1]
                assert size, f"{where}: {src} has no size"
                assert src.endswith(".webp"), f"{src}: not the WebP"
                webp = (path.parent / src).resolve()
                png = webp.with_suffix(".png")
                if not png.is_file():  # the dark copy's PNG stays in the source tree
                    png = DOCS / language / LESSONS_DIR / "images" / png.name
                actual = png_size(png)
                with Image.open(png) as a, Image.open(webp) as b:
                    assert a.convert("RGBA").tobytes() == b.convert("RGBA").tobytes(), src
                    pixels.append(b.getpixel((0, 0)))
                assert (int(size[1]), int(size[2])) == actual, f"{src}: {size[0]} vs {actual}"
                assert 'loading="lazy"' in attributes, f"{src}: not lazy"
                assert 'fetchpriority="low"' in attributes, f"{src}: ahead of the text"
            for (light, dark), (light_px, dark_px) in zip(
                zip(figures[::2], figures[1::2], strict=True),
                zip(pixels[::2], pixels[1::2], strict=True),
                strict=True,
            ):
                same = re.sub(r'src="[^"]+"|srcset="[^"]+"|only-\w+', "", light)
                assert same == re.sub(r'src="[^"]+"|srcset="[^"]+"|only-\w+', "", dark), where
                assert light_px != dark_px, f"{where}: the dark copy of {light} is not dark"


def test_no_script_holds_up_the_first_paint_and_no_page_loads_mathjax(site):
    """Every script in a page's head runs deferred (the theme's inline colour-scheme script
    excepted); formulas are MathML, drawn by the browser."""
    for language in LANGUAGES:
        for path in pages(language):
            head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
            blocking = [
                tag for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", head)
                if not re.search(r"\b(defer|async)\b", tag)
            ]  # fmt: skip
            assert not blocking, f"{path.relative_to(site)}: {blocking}"
            assert "mathjax" not in head.lower(), path.relative_to(site)
    autograd = (site / "en" / LESSONS_DIR / "plot_autograd.html").read_text(encoding="utf-8")
    assert autograd.count("<math ") > 20 and 'display="block"' in autograd
