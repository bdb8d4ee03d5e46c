"""What the slow end-to-end checks have passed on, so that an unchanged input is not checked twice.

The browser crawl, the notebook runs and the second clean build take minutes, and most runs of
the suite follow a change that leaves most of their inputs as they were. A Make-like record lets
those checks look again only at what changed:

- a *unit* of a check (a page, a notebook) is remembered with the files it read and a hash of
  them, of the check's own code, and of the environment (Python, every installed package's
  version, the browser's version when a browser checks);
- a unit whose hash is unchanged passed before on exactly these bytes, so it is not run again;
  change a byte of any of its files, of the test, or a package's version, and it runs;
- only passes are remembered, and a unit that fails is forgotten.

``pytest --fresh`` ignores the record and checks everything. The record lives in
``docs/_build/test-memo/``, so a clean build, or a fresh clone (CI), starts without one.
"""

from __future__ import annotations

import ast
import json
import platform
from importlib import metadata
from pathlib import Path

from site_facts import BUILD, ROOT
from uptodate import Record, fingerprint

MEMO_DIR = BUILD / "test-memo"
TESTS = Path(__file__).resolve().parent


def environment() -> str:
    """Python's version and every installed distribution with its version, one per line.
    ``python tests/memo.py`` prints it for the Python that runs it (the reader's venv, say)."""
    dists = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    return "\n".join([platform.python_version(), *dists])


class Memo:
    """The units of one check that passed, each with the files it read and their hash: an
    :class:`uptodate.Record` in ``docs/_build/test-memo/<check>.json``.

    ``code`` names the files whose text is the check (its test module; this module and
    ``conftest.py`` are always included); ``context`` is anything else the result depends on
    (a browser's version, say).
    """

    def __init__(self, check: str, code: list[Path], context: str = "", fresh: bool = False):
        self.fresh = fresh
        check_code = fingerprint({*code, TESTS / "memo.py", TESTS / "conftest.py"})
        salt = f"{environment()}\n{context}\n{check_code}"
        self._record = Record(MEMO_DIR / f"{check}.json", root=ROOT, salt=salt)
        self.skipped: list[str] = []

    @property
    def record(self) -> dict[str, dict]:
        """The remembered units: name -> {"files": [paths from the repository root], "hash"}."""
        return self._record.units

    def passed(self, unit: str, strings: tuple[str, ...] = ()) -> bool:
        """Whether ``unit`` passed before on the very bytes its files hold now, and on these
        ``strings`` (it is then listed in ``skipped``); always False with ``--fresh``."""
        if self.fresh or not self._record.current(unit, strings=strings):
            return False
        self.skipped.append(unit)
        return True

    def remember(self, unit: str, files: list[Path], strings: tuple[str, ...] = ()) -> None:
        """Record that ``unit`` passed, having read ``files`` and the part of other files in
        ``strings`` (:func:`code_of` a lesson, say); a unit that names a file that does not
        exist is not recorded (it could never be matched again)."""
        self._record.remember(unit, [path.resolve() for path in files], strings)

    def forget(self, unit: str) -> None:
        self._record.forget(unit)

    def save(self) -> None:
        """Write the record (atomically: a run cut short leaves the last one whole)."""
        self._record.save()


def code_of(path: Path) -> str:
    """What running a lesson depends on, of its script or notebook: the code, not the prose.
    A script's syntax tree without its docstring (no comments, no line numbers); a notebook's
    code cells. A check that only runs the code (does it run, without warnings?) depends on
    this, so a translator's edit to the prose does not run it again."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        cells = json.loads(text)["cells"]
        return "\n# -- cell --\n".join(
            "".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"
        )
    tree = ast.parse(text)
    if ast.get_docstring(tree, clean=False) is not None:
        tree.body = tree.body[1:]
    return ast.dump(tree)


if __name__ == "__main__":
    print(environment())
