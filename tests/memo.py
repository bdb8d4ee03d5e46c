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

import hashlib
import json
import os
import platform
from importlib import metadata
from pathlib import Path

from site_facts import BUILD, ROOT

MEMO_DIR = BUILD / "test-memo"
TESTS = Path(__file__).resolve().parent


def environment() -> str:
    """Python's version and every installed distribution with its version, one per line.
    ``python tests/memo.py`` prints it for the Python that runs it (the reader's venv, say)."""
    dists = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    return "\n".join([platform.python_version(), *dists])


class Memo:
    """The units of one check that passed, each with the files it read and their hash.

    ``code`` names the files whose text is the check (its test module; this module and
    ``conftest.py`` are always included); ``context`` is anything else the result depends on
    (a browser's version, say).
    """

    def __init__(self, check: str, code: list[Path], context: str = "", fresh: bool = False):
        self.path = MEMO_DIR / f"{check}.json"
        self.fresh = fresh
        digest = hashlib.sha256(environment().encode())
        digest.update(context.encode())
        for path in sorted({*code, TESTS / "memo.py", TESTS / "conftest.py"}):
            digest.update(path.read_bytes())
        self.salt = digest.hexdigest()
        try:
            self.record = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            self.record = {}
        self.skipped: list[str] = []
        # A file's hash, by its path, size and modification time: read once while it stays
        # as it is, and again when the check itself rewrites it (a screenshot, say).
        self._file_hashes: dict[tuple[Path, int, int], str] = {}

    def fingerprint(self, files: list[Path]) -> str | None:
        """The hash of these files' bytes under this check; None when one of them is gone."""
        digest = hashlib.sha256(self.salt.encode())
        for path in sorted(set(files)):
            if not path.is_file():
                return None
            stat = path.stat()
            key = (path, stat.st_size, stat.st_mtime_ns)
            if key not in self._file_hashes:
                self._file_hashes[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            digest.update(f"{path.relative_to(ROOT)}\0{self._file_hashes[key]}\n".encode())
        return digest.hexdigest()

    def passed(self, unit: str) -> bool:
        """Whether ``unit`` passed before on the very bytes its files hold now (it is then
        listed in ``skipped``); always False with ``--fresh``."""
        entry = self.record.get(unit)
        if self.fresh or entry is None:
            return False
        now = self.fingerprint([ROOT / name for name in entry["files"]])
        if now is None or now != entry["hash"]:
            return False
        self.skipped.append(unit)
        return True

    def remember(self, unit: str, files: list[Path]) -> None:
        """Record that ``unit`` passed, having read ``files``; a unit that names a file that
        does not exist is not recorded (it could never be matched again)."""
        files = sorted({path.resolve() for path in files})
        fingerprint = self.fingerprint(files)
        if fingerprint is None:
            self.forget(unit)
            return
        self.record[unit] = {
            "files": [str(path.relative_to(ROOT)) for path in files],
            "hash": fingerprint,
        }

    def forget(self, unit: str) -> None:
        self.record.pop(unit, None)

    def save(self) -> None:
        """Write the record (atomically: a run cut short leaves the last one whole)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(self.record, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.path)


if __name__ == "__main__":
    print(environment())
