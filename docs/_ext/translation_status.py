"""Which translated prose still says what its English says: the translation record and its check.

A *unit* is one piece of prose a translator translates as a whole: a lesson's docstring and each
of its ``# %%`` text cells, and each section (heading to heading) of a page, in Markdown
(``docs/<language>/*.md``) or reST (``docs/<language>/*.rst`` and the gallery's
``README.txt``). Every edition has the same units in the same order
(tests/test_translations.py holds the editions to that), so unit *i* of a translated file
translates unit *i* of the source language's one (:data:`site_facts.DEFAULT_LANGUAGE`).

``docs/translations/<language>.json`` records, for every unit of that language, the source
text it was translated from and its fingerprint (the first 12 hex digits of the SHA-256 of the
text with its whitespace collapsed, so rewrapping a paragraph changes nothing). When the source
moves on, the fingerprints differ and the unit is *stale* until a translator updates it and
accepts it. The record is one data file a language, not tags inside the lessons: a reviewer sees
every acceptance in one diff, and the lesson files stay as readers download them.

Used three ways, all through :func:`check`:

- ``nox -s translations`` (this file as a script) lists stale, new and removed units with a
  diff of the source; ``-- --accept FILE[:CELL]`` and ``-- --accept-all`` record the
  translation as up to date (``--language`` picks one language; the default is every one);
- the tests fail while any unit of any language is stale;
- as a Sphinx extension, a translated page carries a note at each stale unit, linking to the
  source's section, and the ``translation-status`` directive renders the status page. Its words
  come from the site's catalog, like every interface word.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # docs/: site_facts, as a script

from site_facts import DEFAULT_LANGUAGE, LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
SOURCE = DEFAULT_LANGUAGE
TARGETS = tuple(code for code in LANGUAGES if code != SOURCE)
"""The languages translated from :data:`SOURCE`, each with its own record."""


def record_path(language: str, root: Path = ROOT) -> Path:
    return root / "docs" / "translations" / f"{language}.json"


# -- Units -------------------------------------------------------------------------------------

HEADING_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+])\1{2,}\s*$")


def lesson_cells(path: Path) -> list[str]:
    """A lesson's prose: its docstring, then each ``# %%`` cell's comment lines (reST)."""
    text = path.read_text(encoding="utf-8")
    cells = [ast.get_docstring(ast.parse(text), clean=False) or ""]
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("# %%"):
            current = []
            cells.append(current)
        elif current is not None and (line.startswith("# ") or line == "#"):
            current.append(line[2:])
        else:
            current = None  # the code after the text: its comments are not the cell's prose
    return [cell if isinstance(cell, str) else "\n".join(cell) for cell in cells]


def _is_rst_heading(lines: list[str], at: int) -> bool:
    """A title line of a reST section: text at the margin, underlined on the next line."""
    return (
        at + 1 < len(lines)
        and bool(lines[at].strip())
        and not lines[at].startswith((" ", ".."))
        and not HEADING_UNDERLINE.match(lines[at])
        and bool(HEADING_UNDERLINE.match(lines[at + 1]))
    )


def sections(path: Path) -> list[str]:
    """A page's sections: the text from each heading to the next (Markdown fences skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    markdown = path.suffix == ".md"
    found: list[list[str]] = [[]]
    fenced = False
    for at, line in enumerate(lines):
        if markdown and line.startswith(("```", "~~~")):
            fenced = not fenced
        elif (markdown and not fenced and re.match(r"^#{1,6} ", line)) or (
            not markdown and _is_rst_heading(lines, at)
        ):
            found.append([])
        found[-1].append(line)
    return ["\n".join(part) for part in found if "".join(part).strip()]


def units_of(relative: str, language: str, root: Path = ROOT) -> list[str]:
    """The units of ``relative`` (``gallery/plot_x.py``, ``gallery/README.txt``,
    ``docs/page.md`` or ``docs/page.rst``) in ``language``."""
    folder, name = relative.split("/", 1)
    path = root / folder / language / name
    if not path.exists():
        return []
    return lesson_cells(path) if path.suffix == ".py" else sections(path)


def translated_files(root: Path = ROOT) -> list[str]:
    """Every file with units, by its language-free name: ``gallery/plot_x.py``,
    ``gallery/README.txt``, ``docs/x.md``, ``docs/x.rst``."""
    gallery, docs = root / "gallery" / SOURCE, root / "docs" / SOURCE
    lessons = [f"gallery/{p.name}" for p in sorted(gallery.glob("plot_*.py"))]
    readme = ["gallery/README.txt"] if (gallery / "README.txt").exists() else []
    pages = [f"docs/{p.name}" for p in sorted([*docs.glob("*.md"), *docs.glob("*.rst")])]
    return lessons + readme + pages


def is_rst(relative: str) -> bool:
    """Whether the file's prose is reST (a lesson, the gallery's README, an .rst page)."""
    return not relative.endswith(".md")


def shown_path(relative: str, language: str) -> str:
    """The file as it is in the tree: ``gallery/ko/plot_x.py``, ``docs/ko/x.md``."""
    folder, name = relative.split("/", 1)
    return f"{folder}/{language}/{name}"


def normalised(text: str) -> str:
    return " ".join(text.split())


def fingerprint(text: str) -> str:
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()[:12]


def label(text: str) -> str:
    """A few words that name a unit: its heading, or its first words."""
    words = normalised(re.sub(r"^#+ |[=\-~^]{3,}", "", text.strip()))
    return words[:60] + ("…" if len(words) > 60 else "")


# -- The check ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    language: str
    file: str
    cell: int
    state: str  # "stale", "new" (source with no record) or "removed" (record, no source)
    old: str = ""
    new: str = ""

    @property
    def name(self) -> str:
        return f"{self.language}: {self.file}:{self.cell}"

    def diff(self) -> str:
        lines = difflib.unified_diff(
            self.old.splitlines(), self.new.splitlines(),
            f"{self.file} cell {self.cell}, {SOURCE} as translated",
            f"{self.file} cell {self.cell}, {SOURCE} now", lineterm="",
        )  # fmt: skip
        return "\n".join(lines)


def read_record(path: Path) -> dict[str, list[dict]]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _languages(language: str | None) -> tuple[str, ...]:
    if language is None:
        return TARGETS
    if language not in TARGETS:
        raise ValueError(f"language must be one of {TARGETS}, got {language!r}")
    return (language,)


def check(root: Path = ROOT, language: str | None = None) -> list[Unit]:
    """Every unit whose translation does not translate today's source text, by language, file
    and cell (``language=None``: every translated language)."""
    found = []
    for code in _languages(language):
        recorded = read_record(record_path(code, root))
        for file in sorted(set(translated_files(root)) | set(recorded)):
            source = units_of(file, SOURCE, root)
            entries = {entry["cell"]: entry for entry in recorded.get(file, [])}
            for cell in range(max(len(source), max(entries, default=-1) + 1)):
                entry = entries.get(cell)
                if cell >= len(source):
                    if entry:
                        found.append(Unit(code, file, cell, "removed", old=entry["english"]))
                elif entry is None:
                    found.append(Unit(code, file, cell, "new", new=source[cell]))
                elif entry["fingerprint"] != fingerprint(source[cell]):
                    found.append(Unit(code, file, cell, "stale", entry["english"], source[cell]))
    return found


def accept(targets: list[str], root: Path = ROOT, language: str | None = None) -> list[str]:
    """Record today's source text as translated for ``FILE`` (all its units) or ``FILE:CELL``;
    ``["*"]`` accepts everything. Returns the units accepted (``language:file:cell``)."""
    accepted = []
    for code in _languages(language):
        path = record_path(code, root)
        recorded = read_record(path)
        for file in translated_files(root):
            source = units_of(file, SOURCE, root)
            entries = {entry["cell"]: entry for entry in recorded.get(file, [])}
            for cell, text in enumerate(source):
                if "*" in targets or file in targets or f"{file}:{cell}" in targets:
                    entry = {"cell": cell, "label": label(text), "fingerprint": fingerprint(text)}
                    entry["english"] = text
                    entries[cell] = entry
                    accepted.append(f"{code}:{file}:{cell}")
            # cells still waiting for a translation keep no entry; removed cells go with their file
            keep = range(len(source)) if "*" in targets or file in targets else entries
            recorded[file] = [entries[cell] for cell in sorted(keep) if cell in entries]
        recorded = {file: recorded[file] for file in translated_files(root) if recorded.get(file)}
        path.parent.mkdir(parents=True, exist_ok=True)
        write_record(recorded, path)
    return accepted


def write_record(recorded: dict[str, list[dict]], path: Path) -> None:
    """One line per unit, so a diff of the record shows exactly the units accepted."""
    files = []
    for file, entries in recorded.items():
        lines = ",\n".join(f"    {json.dumps(entry, ensure_ascii=False)}" for entry in entries)
        files.append(f"  {json.dumps(file)}: [\n{lines}\n  ]")
    path.write_text("{\n" + ",\n".join(files) + "\n}\n", encoding="utf-8")


def report(units: list[Unit]) -> str:
    if not units:
        return f"translations: every unit of {', '.join(TARGETS)} translates today's {SOURCE} text"
    parts = []
    for unit in units:
        if unit.state == "stale":
            parts.append(f"STALE {unit.name}  {label(unit.new)}\n{unit.diff()}")
        elif unit.state == "new":
            parts.append(f"NEW {unit.name}  {label(unit.new)}: {SOURCE} with no translation yet")
        else:
            parts.append(f"REMOVED {unit.name}  {label(unit.old)}: its {SOURCE} is gone")
    folders = sorted({shown_path(u.file, u.language).rsplit("/", 1)[0] + "/" for u in units})
    parts.append(
        f"{len(units)} unit(s) to look at. Bring {' and '.join(folders)} in step, then "
        "`nox -s translations -- --accept FILE[:CELL]`."
    )
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accept", action="extend", nargs="+", metavar="FILE[:CELL]", default=[])
    parser.add_argument("--accept-all", action="store_true")
    parser.add_argument("--language", choices=TARGETS, help="one language (default: all)")
    args = parser.parse_args(argv)
    if args.accept or args.accept_all:
        known = set(translated_files())
        unknown = [t for t in args.accept if t.rsplit(":", 1)[0] not in known and t not in known]
        if unknown:
            parser.error(f"no such file: {', '.join(unknown)} (files: {', '.join(sorted(known))})")
        for target in args.accept:
            file, _, cell = target.partition(":") if target not in known else (target, "", "")
            count = len(units_of(file, SOURCE))
            if cell and not (cell.isdigit() and int(cell) < count):
                parser.error(f"{file} has cells 0 to {count - 1}, got {cell!r}")
        accepted = accept(["*"] if args.accept_all else args.accept, language=args.language)
        print(f"translations: recorded {len(accepted)} unit(s) as translated")
    units = check(language=args.language)
    print(report(units))
    return 1 if units else 0


# -- In the site -------------------------------------------------------------------------------
# The words below are message ids of the site's catalog (docs/locale/<language>/.../sphinx.po).

STALE_TITLE = "Translation to check"
STALE_NOTE = (
    "The original of this part changed after it was translated: "
    "read `the original <{url}>`__ beside it."
)
STATUS_HEADS = ("File", "Units")
UP_TO_DATE = "up to date"
TO_UPDATE = "{n} to update"


def _(message: str) -> str:
    """``message`` in the language of the page being built (the site's catalog)."""
    from sphinx.locale import get_translation

    return str(get_translation("sphinx")(message))


def add_stale_note(app, docname: str, source: list[str], root: Path = ROOT) -> None:
    """Put a note in a translated page at each unit whose source moved on (never in CI's build).

    The note goes right under the unit's heading, or just before its first line. A lesson's
    source here is sphinx-gallery's generated reST, which carries each text cell verbatim, so
    the cells are found by their first lines, in order; a unit not found gets its note at the
    top of the page, so none is ever lost.
    """
    language = app.config.language
    file = _file_of(docname, root)
    if language == SOURCE or file is None:
        return
    stale = {
        u.cell: u
        for u in _units(app)
        if u.language == language and u.file == file and u.state != "removed"
    }
    if not stale:
        return
    rst = is_rst(file)
    lines = source[0].split("\n")
    starts = _unit_lines(file, language, lines, root)
    original = units_of(file, SOURCE, root)
    page_url = f"../{'../' * docname.count('/')}{SOURCE}/{docname}.html"
    inserts: dict[int, list[str]] = {}
    for cell in sorted(stale):
        url = page_url + _anchor(original, cell, rst)
        text = _(STALE_NOTE).format(url=url)  # no label: cut markup would break the page
        at = starts.get(cell, 0)
        if at and at + 1 < len(lines) and _is_heading(lines, at, rst):
            at += 2 if rst else 1
        inserts.setdefault(at, []).extend(_note(text, rst))
    for at in sorted(inserts, reverse=True):
        lines[at:at] = inserts[at]
    source[0] = "\n".join(lines)


def _note(text: str, rst: bool) -> list[str]:
    title = _(STALE_TITLE)
    if rst:
        return ["", f".. admonition:: {title}", "   :class: warning nn-stale", "", f"   {text}", ""]
    # a plain HTML link: MyST would read a Markdown link to a .html file as a cross-reference
    text = re.sub(r"`([^<`]+) <([^>]+)>`__(\\ )?", r'<a href="\2">\1</a>', text)
    return ["", f"```{{admonition}} {title}", ":class: warning nn-stale", text, "```", ""]


def _is_heading(lines: list[str], at: int, rst: bool) -> bool:
    if rst:
        return _is_rst_heading(lines, at)
    return bool(re.match(r"^#{1,6} ", lines[at]))


def _unit_lines(file: str, language: str, lines: list[str], root: Path) -> dict[int, int]:
    """Where each translated unit starts in the page's source: {cell: line index}."""
    found: dict[int, int] = {}
    cursor = 0
    for cell, text in enumerate(units_of(file, language, root)):
        first = next((line for line in text.split("\n") if line.strip()), None)
        if first is None:
            continue
        for at in range(cursor, len(lines)):
            if lines[at].rstrip() == first.rstrip():
                found[cell] = cursor = at
                break
    return found


def _anchor(original: list[str], cell: int, rst: bool) -> str:
    """The source's section a unit sits in: ``#id`` of the nearest heading at or before it."""
    for text in reversed(original[: cell + 1]):
        lines = text.strip("\n").split("\n")
        for at in range(len(lines) - 1, -1, -1):
            if rst and _is_rst_heading(lines, at):
                title = lines[at]
            elif not rst and re.match(r"^#{2,6} ", lines[at]):
                title = lines[at].lstrip("#")
            else:
                continue
            if text is original[0]:
                return ""  # the page's title (the first unit holds no other): the top of the page
            title = re.sub(r":[a-z:]+:`", "", title)
            return "#" + "-".join(re.findall(r"[a-z0-9]+", title.lower()))
    return ""


def _docname_of(file: str) -> str:
    folder, name = file.split("/", 1)
    if folder == "gallery":
        return "lessons/index" if name == "README.txt" else f"lessons/{Path(name).stem}"
    return Path(name).stem


def _file_of(docname: str, root: Path = ROOT) -> str | None:
    """The translated file a page is built from, or None (a page with no units)."""
    return next((f for f in translated_files(root) if _docname_of(f) == docname), None)


def _units(app) -> list[Unit]:
    """The check, once per build (kept on the application, not in the pickled environment)."""
    if not hasattr(app, "nn_translation_units"):
        app.nn_translation_units = check()
    return app.nn_translation_units


def reread_changed(app, env, added, changed, removed) -> list[str]:
    """Pages whose translation state changed since the last build are read again, so their
    notes come and go, and so is the status page when anything on it changed. (Reading the
    status page again every time would rewrite every page: it is in every page's navigation.)"""
    state = sorted((u.language, u.file, u.cell, u.state) for u in _units(app))
    counts = [(file, len(units_of(file, SOURCE))) for file in translated_files()]
    before = getattr(env, "nn_translation_state", None)
    env.nn_translation_state = (state, counts)
    if before == (state, counts):
        return []
    pages = {"translation-status"}
    moved = set(state) ^ set(before[0] if before else ())
    pages |= {_docname_of(file) for code, file, _, _ in moved if code == app.config.language}
    return sorted(pages)


def status_table(root: Path = ROOT):
    """The status page's table: each translated file, its units, and for each translated
    language how many of them need work (the column heads in the page's language)."""
    from docutils import nodes

    stale = check(root)
    table = nodes.table(classes=["nn-translation-status"])
    group = nodes.tgroup(cols=2 + len(TARGETS))
    table += group
    group += [nodes.colspec(colwidth=w) for w in (4, 1, *(2 for code in TARGETS))]
    head, body = nodes.thead(), nodes.tbody()
    group += [head, body]

    def row(cells):
        line = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += nodes.paragraph(text=cell)
            line += entry
        return line

    head += row([*map(_, STATUS_HEADS), *(_(LANGUAGES[code][1]) for code in TARGETS)])
    for file in translated_files(root):
        states = []
        for code in TARGETS:
            count = sum(u.file == file and u.language == code for u in stale)
            states.append(_(TO_UPDATE).format(n=count) if count else _(UP_TO_DATE))
        body += row([file, str(len(units_of(file, SOURCE, root))), *states])
    return table


def setup(app) -> dict:
    from sphinx.util.docutils import SphinxDirective

    class TranslationStatus(SphinxDirective):
        def run(self):
            return [status_table()]

    app.add_directive("translation-status", TranslationStatus)
    app.connect("source-read", add_stale_note)
    app.connect("env-get-outdated", reread_changed)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    sys.exit(main())
