"""Is it up to date? The one way the project answers: inputs' bytes and strings, hashed.

Every "can this slow step be skipped?" in the project asks this module: the nox sessions'
installs (noxfile.py), the reader's venv of the tests (tests/conftest.py), the wheel and each
edition's build (docs/build.py), the lessons' re-run when the package changes
(docs/_ext/lesson_runner.py), the figures' WebP copies (docs/_ext/gallery_pages.py), Sphinx's
re-read of every page (docs/_ext/reread_on_change.py) and the slow checks' memo (tests/memo.py).

A :class:`Record` is a JSON file of named *units*. Each unit is remembered with the files it
read and the hash of their bytes, of their paths and of the strings it depends on (a pin, a
package's version, a command line). A unit is current while that hash is the same and every
output it names exists; change one byte, one string, or delete an output, and it is stale. File
modification times are never trusted: only to avoid hashing a file twice in one process.

Standard library only, like site_facts.py: the noxfile imports it outside any venv.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable
from pathlib import Path

_hashes: dict[tuple[str, int, int], str] = {}


def file_hash(path: Path) -> str | None:
    """SHA-256 of a file's bytes; None when it is not a file. Read once per process while its
    size and modification time stay the same, unless it changed in the last two seconds: a file
    rewritten within one tick of the clock, at the same size, keeps its modification time (git
    calls this "racy"), so a recent file is read again every time."""
    try:
        stat = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key in _hashes:
        return _hashes[key]
    content = hashlib.sha256(path.read_bytes()).hexdigest()
    if time.time_ns() - stat.st_mtime_ns > 2_000_000_000:
        _hashes[key] = content
    return content


def fingerprint(files: Iterable[Path] = (), strings: Iterable[str] = (), root: Path | None = None):
    """One hash of these files (their paths, relative to ``root`` when given, and bytes) and
    strings; None when one of the files does not exist."""
    digest = hashlib.sha256()
    for text in strings:
        digest.update(f"{len(text)}:{text}\n".encode())
    for path in sorted({Path(p) for p in files}):
        content = file_hash(path)
        if content is None:
            return None
        name = path.relative_to(root).as_posix() if root else path.as_posix()
        digest.update(f"{name}\0{content}\n".encode())
    return digest.hexdigest()


class Record:
    """Units made from inputs, kept in the JSON file ``path``: which are current, which not.

    ``root`` makes the stored file names relative (a record inside a folder stays valid when the
    folder moves); ``salt`` is a string every unit depends on (a check's own code, say).
    """

    def __init__(self, path: Path, root: Path | None = None, salt: str = "") -> None:
        self.path, self.root, self.salt = Path(path), root, salt
        try:
            self.units: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.units = {}

    def _hash(self, files: Iterable[Path], strings: Iterable[str]) -> str | None:
        return fingerprint(files, [self.salt, *strings], self.root)

    def files(self, unit: str) -> list[Path]:
        """The files ``unit`` was remembered with (none when it was not)."""
        names = self.units.get(unit, {}).get("files", [])
        return [self.root / name if self.root else Path(name) for name in names]

    def current(
        self,
        unit: str,
        files: Iterable[Path] | None = None,
        strings: Iterable[str] = (),
        outputs: Iterable[Path] = (),
    ) -> bool:
        """Whether ``unit`` was remembered with the bytes these files hold now (by default the
        files it was remembered with), these strings, and its outputs all exist."""
        entry = self.units.get(unit)
        if entry is None or not all(Path(p).exists() for p in outputs):
            return False
        now = self._hash(self.files(unit) if files is None else files, strings)
        return now is not None and now == entry["hash"]

    def remember(self, unit: str, files: Iterable[Path] = (), strings: Iterable[str] = ()) -> bool:
        """Record ``unit`` as made from these files and strings, as they are now; a unit that
        names a missing file is forgotten instead (it could never be current). Call
        :meth:`save` to keep the record."""
        files = sorted({Path(p) for p in files})
        hashed = self._hash(files, strings)
        if hashed is None:
            self.forget(unit)
            return False
        names = [p.relative_to(self.root).as_posix() if self.root else str(p) for p in files]
        self.units[unit] = {"files": names, "hash": hashed}
        return True

    def forget(self, unit: str) -> None:
        self.units.pop(unit, None)

    def save(self) -> None:
        """Write the record atomically: a run cut short leaves the last one whole."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(self.units, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.path)
