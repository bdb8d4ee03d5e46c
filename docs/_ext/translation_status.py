"""Which Korean prose still says what its English says: the translation record and its check.

A *unit* is one piece of prose a translator translates as a whole: a lesson's docstring
and each of its ``# %%`` text cells, and each section (heading to heading) of a Markdown
page. The Korean edition has the same units in the same order (tests/test_translations.py
holds the two editions to that), so unit *i* of a Korean file translates unit *i* of the
English one.

``docs/translations/ko.json`` records, for every unit, the English text the Korean was
translated from and its fingerprint (the first 12 hex digits of the SHA-256 of the text
with its whitespace collapsed, so rewrapping a paragraph changes nothing). When the English
moves on, the fingerprints differ and the unit is *stale* until a translator updates the
Korean and accepts it. The record is one data file, not tags inside the lessons: a reviewer
sees every acceptance in one diff, and the lesson files stay as readers download them.

Used three ways, all through :func:`check`:

- ``nox -s translations`` (this file as a script) lists stale, new and removed units with a
  diff of the English; ``-- --accept FILE[:CELL]`` and ``-- --accept-all`` record the
  Korean as up to date;
- the tests fail while any unit is stale;
- as a Sphinx extension, the Korean pages of a stale unit carry a note, and the
  ``translation-status`` directive renders the status page of both editions.
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

ROOT = Path(__file__).resolve().parents[2]
SOURCE, TARGET = "en", "ko"
RECORD = ROOT / "docs" / "translations" / f"{TARGET}.json"


# -- Units -------------------------------------------------------------------------------------


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


def page_sections(path: Path) -> list[str]:
    """A Markdown page's sections: the text from each heading to the next (fences skipped)."""
    sections: list[list[str]] = [[]]
    fenced = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and re.match(r"^#{1,6} ", line):
            sections.append([])
        sections[-1].append(line)
    return ["\n".join(lines) for lines in sections if "".join(lines).strip()]


def units_of(relative: str, language: str, root: Path = ROOT) -> list[str]:
    """The units of ``relative`` (``gallery/plot_x.py`` or ``docs/page.md``) in ``language``."""
    folder, name = relative.split("/", 1)
    path = root / folder / language / name
    if not path.exists():
        return []
    return lesson_cells(path) if folder == "gallery" else page_sections(path)


def translated_files(root: Path = ROOT) -> list[str]:
    """Every file with units, by its language-free name: ``gallery/plot_x.py``, ``docs/x.md``."""
    lessons = [f"gallery/{p.name}" for p in sorted((root / "gallery" / SOURCE).glob("plot_*.py"))]
    pages = [f"docs/{p.name}" for p in sorted((root / "docs" / SOURCE).glob("*.md"))]
    return lessons + pages


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
    file: str
    cell: int
    state: str  # "stale", "new" (English with no record) or "removed" (record, no English)
    old: str = ""
    new: str = ""

    @property
    def name(self) -> str:
        return f"{self.file}:{self.cell}"

    def diff(self) -> str:
        lines = difflib.unified_diff(
            self.old.splitlines(), self.new.splitlines(),
            f"{self.file} cell {self.cell}, English as translated",
            f"{self.file} cell {self.cell}, English now", lineterm="",
        )  # fmt: skip
        return "\n".join(lines)


def read_record(record: Path = RECORD) -> dict[str, list[dict]]:
    return json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}


def check(root: Path = ROOT, record: Path | None = None) -> list[Unit]:
    """Every unit whose Korean does not translate today's English, in file and cell order."""
    recorded = read_record(record or root / RECORD.relative_to(ROOT))
    found = []
    for file in sorted(set(translated_files(root)) | set(recorded)):
        english = units_of(file, SOURCE, root)
        entries = {entry["cell"]: entry for entry in recorded.get(file, [])}
        for cell in range(max(len(english), max(entries, default=-1) + 1)):
            entry = entries.get(cell)
            if cell >= len(english):
                if entry:
                    found.append(Unit(file, cell, "removed", old=entry["english"]))
            elif entry is None:
                found.append(Unit(file, cell, "new", new=english[cell]))
            elif entry["fingerprint"] != fingerprint(english[cell]):
                found.append(Unit(file, cell, "stale", entry["english"], english[cell]))
    return found


def accept(targets: list[str], root: Path = ROOT, record: Path | None = None) -> list[str]:
    """Record today's English as translated for ``FILE`` (all its units) or ``FILE:CELL``;
    ``["*"]`` accepts everything. Returns the units accepted."""
    path = record or root / RECORD.relative_to(ROOT)
    recorded = read_record(path)
    accepted = []
    for file in translated_files(root):
        english = units_of(file, SOURCE, root)
        entries = {entry["cell"]: entry for entry in recorded.get(file, [])}
        for cell, text in enumerate(english):
            if "*" in targets or file in targets or f"{file}:{cell}" in targets:
                entry = {"cell": cell, "label": label(text), "fingerprint": fingerprint(text)}
                entry["english"] = text
                entries[cell] = entry
                accepted.append(f"{file}:{cell}")
        # cells still waiting for a translation keep no entry; removed cells go with their file
        keep = range(len(english)) if "*" in targets or file in targets else entries
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
        return f"translations: every {TARGET} unit translates today's {SOURCE} text"
    parts = []
    for unit in units:
        if unit.state == "stale":
            parts.append(f"STALE {unit.name}  {label(unit.new)}\n{unit.diff()}")
        elif unit.state == "new":
            parts.append(f"NEW {unit.name}  {label(unit.new)}: English with no translation yet")
        else:
            parts.append(f"REMOVED {unit.name}  {label(unit.old)}: its English is gone")
    parts.append(
        f"{len(units)} unit(s) to look at. Bring gallery/{TARGET}/ or docs/{TARGET}/ in step, then "
        "`nox -s translations -- --accept FILE[:CELL]`."
    )
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--accept", action="extend", nargs="+", metavar="FILE[:CELL]", default=[])
    parser.add_argument("--accept-all", action="store_true")
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
        accepted = accept(["*"] if args.accept_all else args.accept)
        print(f"translations: recorded {len(accepted)} unit(s) as translated")
    units = check()
    print(report(units))
    return 1 if units else 0


# -- In the site -------------------------------------------------------------------------------

STALE_NOTE = {
    "ko": "이 부분의 영어 원문이 바뀌었습니다. 번역이 아직 따라가지 못했으니 "
    "`영어 원문 <{url}>`__\\ 을 함께 보세요.",
}
STATUS_TEXT = {
    "ko": ("파일", "번역 단위", "상태", "최신", "{n}곳 확인 필요"),
    "en": ("File", "Units", "State", "up to date", "{n} to update"),
}


HEADING_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+])\1{2,}\s*$")


def add_stale_note(app, docname: str, source: list[str], root: Path = ROOT) -> None:
    """Put a note in a Korean page at each unit whose English moved on (never in CI's build).

    The note goes right under the unit's heading, or just before its first line. A lesson's
    source here is sphinx-gallery's generated reST, which carries each text cell verbatim, so
    the cells are found by their first lines, in order; a unit not found gets its note at the
    top of the page, so none is ever lost.
    """
    if app.config.language != TARGET:
        return
    file = _file_of(docname)
    stale = {u.cell: u for u in _units(app) if u.file == file and u.state != "removed"}
    if not stale:
        return
    lesson = docname.startswith("lessons/")
    lines = source[0].split("\n")
    starts = _unit_lines(file, lines, lesson, root)
    english = units_of(file, SOURCE, root)
    page_url = f"../{'../' * docname.count('/')}{SOURCE}/{docname}.html"
    inserts: dict[int, list[str]] = {}
    for cell in sorted(stale):
        url = page_url + _anchor(english, cell, lesson)
        text = STALE_NOTE[TARGET].format(url=url)  # no label: cut markup would break the page
        at = starts.get(cell, 0)
        if at and at + 1 < len(lines) and _is_heading(lines, at, lesson):
            at += 2 if lesson else 1
        inserts.setdefault(at, []).extend(_note(text, lesson))
    for at in sorted(inserts, reverse=True):
        lines[at:at] = inserts[at]
    source[0] = "\n".join(lines)


def _note(text: str, lesson: bool) -> list[str]:
    if lesson:
        return ["", ".. admonition:: 번역 확인 필요", "   :class: warning nn-stale", "",
                f"   {text}", ""]  # fmt: skip
    # a plain HTML link: MyST would read a Markdown link to a .html file as a cross-reference
    text = re.sub(r"`([^<`]+) <([^>]+)>`__\\ ", r'<a href="\2">\1</a>', text)
    return ["", "```{admonition} 번역 확인 필요", ":class: warning nn-stale", text, "```", ""]


def _is_heading(lines: list[str], at: int, lesson: bool) -> bool:
    if lesson:
        return bool(lines[at].strip()) and bool(HEADING_UNDERLINE.match(lines[at + 1]))
    return bool(re.match(r"^#{1,6} ", lines[at]))


def _unit_lines(file: str, lines: list[str], lesson: bool, root: Path) -> dict[int, int]:
    """Where each Korean unit starts in the page's source: {cell: line index}."""
    found: dict[int, int] = {}
    cursor = 0
    for cell, text in enumerate(units_of(file, TARGET, root)):
        first = next((line for line in text.split("\n") if line.strip()), None)
        if first is None:
            continue
        for at in range(cursor, len(lines)):
            if lines[at].rstrip() == first.rstrip():
                found[cell] = cursor = at
                break
    return found


def _anchor(english: list[str], cell: int, lesson: bool) -> str:
    """The English section a unit sits in: ``#id`` of the nearest heading at or before it."""
    for text in reversed(english[: cell + 1]):
        lines = text.strip("\n").split("\n")
        for at in range(len(lines) - 1, -1, -1):
            if lesson and at + 1 < len(lines) and HEADING_UNDERLINE.match(lines[at + 1]):
                title = lines[at]
            elif not lesson and re.match(r"^#{2,6} ", lines[at]):
                title = lines[at].lstrip("#")
            else:
                continue
            if text is english[0] and at == 0:
                return ""  # the page's title: the top of the page
            title = re.sub(r":[a-z:]+:`", "", title)
            return "#" + "-".join(re.findall(r"[a-z0-9]+", title.lower()))
    return ""


def _file_of(docname: str) -> str:
    if docname.startswith("lessons/plot_"):
        return f"gallery/{docname.split('/', 1)[1]}.py"
    return f"docs/{docname}.md"


def _docname_of(file: str) -> str:
    folder, name = file.split("/", 1)
    return f"lessons/{name[:-3]}" if folder == "gallery" else name[:-3]


def _units(app) -> list[Unit]:
    """The check, once per build (kept on the application, not in the pickled environment)."""
    if not hasattr(app, "nn_translation_units"):
        app.nn_translation_units = check()
    return app.nn_translation_units


def reread_changed(app, env, added, changed, removed) -> list[str]:
    """Pages whose translation state changed since the last build are read again, so their
    notes come and go, and so is the status page when anything on it changed. (Reading the
    status page again every time would rewrite every page: it is in every page's navigation.)"""
    state = sorted((u.file, u.cell, u.state) for u in _units(app))
    counts = [(file, len(units_of(file, SOURCE))) for file in translated_files()]
    before = getattr(env, "nn_translation_state", None)
    env.nn_translation_state = (state, counts)
    if before == (state, counts):
        return []
    pages = {"translation-status"}
    if app.config.language == TARGET:
        moved = set(state) ^ set(before[0] if before else ())
        pages |= {_docname_of(file) for file, _, _ in moved}
    return sorted(pages)


def status_table(language: str, root: Path = ROOT):
    """The status page's table: each lesson and page, its units, and how many need work."""
    from docutils import nodes

    heads = STATUS_TEXT.get(language, STATUS_TEXT["en"])
    stale = check(root)
    table = nodes.table(classes=["nn-translation-status"])
    group = nodes.tgroup(cols=3)
    table += group
    group += [nodes.colspec(colwidth=w) for w in (4, 1, 2)]
    head, body = nodes.thead(), nodes.tbody()
    group += [head, body]

    def row(cells):
        line = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += nodes.paragraph(text=cell)
            line += entry
        return line

    head += row(heads[:3])
    for file in translated_files(root):
        count = sum(u.file == file for u in stale)
        state = heads[4].format(n=count) if count else heads[3]
        body += row([file.replace("gallery/", "gallery/ko/").replace("docs/", "docs/ko/"),
                     str(len(units_of(file, SOURCE, root))), state])  # fmt: skip
    return table


def setup(app) -> dict:
    from sphinx.util.docutils import SphinxDirective

    class TranslationStatus(SphinxDirective):
        def run(self):
            return [status_table(self.config.language)]

    app.add_directive("translation-status", TranslationStatus)
    app.connect("source-read", add_stale_note)
    app.connect("env-get-outdated", reread_changed)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    sys.exit(main())
