"""``nox -s bench``: measure the build and the package the way their users feel them.

Writes ``docs/_build/bench/bench.md`` and ``bench.json``. Each figure is measured in
this run; where a ratio is the honest figure, the ratio is given with its parts.

1. A clean build of both editions (docs/build.py, as ``nox -s docs`` runs it): wall
   seconds, against the lessons' own run times, the part no build tool can remove. The
   overhead is wall time over the run time of all lessons the build ran; since the two
   editions build side by side, a stricter figure divides by the slower edition's alone.
2. A rebuild with nothing changed, and one after editing one Korean lesson's prose
   (only that lesson may run again).
3. ``nn_tutorial.training.fit`` against a bare hand-written loop doing the same work.
4. Each lesson's run time and peak memory, run alone as a reader runs it.
5. The bytes of Korean web font a Korean page loads (docs/_ext/web_fonts.py).
6. Lighthouse over every lesson page of every edition, mobile and desktop (tests/lighthouse.py),
   on the site as built here, with the local server's address as its base URL.
7. The test suite's wall time: checking everything (``--fresh``, as CI does), again with nothing
   changed, and after editing one Korean lesson and rebuilding (tests/memo.py says what the
   second and third may leave unchecked: only what passed before on the same bytes).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path[:0] = [
    str(Path(__file__).resolve().parents[1] / d) for d in ("docs", "docs/_ext", "tests")
]

import lighthouse  # noqa: E402  (tests/lighthouse.py)
from gallery_pages import RUNNING_TIME  # noqa: E402
from site_facts import (  # noqa: E402
    BUILD,
    DEFAULT_LANGUAGE,
    DOCS,
    DOCTREES,
    GALLERY,
    GENERATED_DIRS,
    HTML,
    LANGUAGES,
    LESSONS_DIR,
    ROOT,
)

OUT = BUILD / "bench"

TARGETS = {
    "overhead": 1.5, "noop_rebuild_s": 10.0, "fit_vs_bare": 0.97, "font_kb": 400, "tests_s": 60,
}  # fmt: skip


def run_build() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, str(DOCS / "build.py")], check=True, cwd=ROOT)
    return time.perf_counter() - start


def clean() -> None:
    for path in [HTML, DOCTREES]:
        shutil.rmtree(path, ignore_errors=True)
    for language in LANGUAGES:
        for name in GENERATED_DIRS:
            shutil.rmtree(DOCS / language / name, ignore_errors=True)


def lesson_times(language: str) -> dict[str, float]:
    """Each lesson's run time as sphinx-gallery recorded it in the generated page."""
    times = {}
    for rst in sorted((DOCS / language / LESSONS_DIR).glob("plot_*.rst")):
        match = re.search(RUNNING_TIME, rst.read_text(encoding="utf-8"))
        if match:
            times[rst.stem] = 60 * int(match["minutes"]) + float(match["seconds"])
    return times


def generated_mtimes() -> dict[str, float]:
    return {
        f"{language}/{rst.name}": rst.stat().st_mtime
        for language in LANGUAGES
        for rst in (DOCS / language / LESSONS_DIR).glob("plot_*.rst")
    }


def edit_one_korean_lesson() -> dict[str, object]:
    """As a translator works: change one prose line of a Korean lesson, rebuild (which lessons
    ran again?), run the suite; then put the lesson and its page back."""
    lesson = GALLERY / "ko" / "plot_rnn.py"
    original = lesson.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    # A new last paragraph in the first prose cell: just before that cell's first line of code.
    cell = next(i for i, line in enumerate(lines) if line.startswith("# %%"))
    code = next(i for i in range(cell + 1, len(lines)) if not lines[i].startswith("#"))
    lines[code:code] = ["#\n", "# 벤치마크가 덧붙인 문단입니다.\n"]
    before = generated_mtimes()
    try:
        lesson.write_text("".join(lines), encoding="utf-8")
        seconds = run_build()
        after = generated_mtimes()
        tests = run_tests()
    finally:
        lesson.write_text(original, encoding="utf-8")
        run_build()  # put the page back as the unedited lesson makes it, even after a failure
    rerun = sorted(name for name, mtime in after.items() if mtime != before.get(name))
    return {"wall_s": seconds, "lessons_rerun": rerun, "tests": tests}


def fit_against_bare_loop(repeats: int = 15, epochs: int = 4) -> dict[str, float]:
    """Samples per second of fit and of a hand-written loop, same model, data, seed and work."""
    import torch
    from torch import nn
    from torch.utils.data import DataLoader

    from nn_tutorial import data, models, training

    train, validation, _ = data.load_digits(image_size=32)
    loss_fn = nn.CrossEntropyLoss()
    # One thread, timed in CPU seconds (time.process_time): on a small shared virtual machine,
    # wall time also counts the moments the machine gives the core to someone else, which
    # moved this ratio by 5 % from run to run. The figure compares the cost of two loops
    # doing the same arithmetic; samples per second are per CPU second.
    torch.set_num_threads(1)

    def with_fit() -> float:
        torch.manual_seed(0)
        model = models.LeNet()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        start = time.process_time()
        training.fit(
            model, train, validation, epochs=epochs, optimizer=optimizer, loss_fn=loss_fn,
            device="cpu", batch_size=64, log=None,
        )  # fmt: skip
        return time.process_time() - start

    def by_hand() -> float:
        torch.manual_seed(0)
        model = models.LeNet()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        generator = torch.Generator().manual_seed(0)
        loader = DataLoader(train, batch_size=64, shuffle=True, generator=generator)
        start = time.process_time()
        for _ in range(epochs):
            model.train()
            for x, y in loader:
                optimizer.zero_grad()
                loss = loss_fn(model(x), y)
                loss.backward()
                optimizer.step()
            model.eval()
            with torch.no_grad():  # the same held-out evaluation fit does every epoch
                for x, y in DataLoader(validation, batch_size=256):
                    logits = model(x)
                    loss_fn(logits, y).item()
                    (logits.argmax(1) == y).sum().item()
        return time.process_time() - start

    with_fit(), by_hand()  # warm up both
    fit_times, bare_times = [], []
    for repeat in range(repeats):
        # Side by side in time, in alternating order, so drifts in machine load hit both alike.
        if repeat % 2:
            bare_times.append(by_hand())
            fit_times.append(with_fit())
        else:
            fit_times.append(with_fit())
            bare_times.append(by_hand())
    samples = epochs * len(train)
    ratios = sorted(bare / fit for fit, bare in zip(fit_times, bare_times, strict=True))
    return {
        "fit_samples_per_s": samples / min(fit_times),
        "bare_samples_per_s": samples / min(bare_times),
        "fit_vs_bare": ratios[len(ratios) // 2],  # the median of the paired ratios
    }


def lesson_alone(script: Path) -> dict[str, float]:
    """Run one lesson as a reader does (python script.py); wall time and peak memory."""
    env = {**os.environ, "MPLBACKEND": "Agg"}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(script)], cwd=script.parent, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{script.name} failed: {process.stderr.read().decode()[-2000:]}")
    process.stderr.close()
    return {"seconds": seconds, "peak_mib": usage.ru_maxrss / 1024}


def korean_font_bytes() -> dict[str, float]:
    """Web-font bytes each Korean page loads, in Chromium, with an empty cache per page; and
    what the whole edition loads once the browser has cached the faces."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright
    from site_facts import find_chromium, pages

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(HTML))
    )
    httpd.handle_error = lambda *args: None  # a page closed mid-transfer is not news
    httpd.handle_error = lambda *args: None  # a page closed mid-transfer is not news
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    per_page, distinct = [], {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=find_chromium(), headless=True, args=["--no-sandbox"]
        )
        for path in pages(HTML / "ko"):
            context = browser.new_context()  # an empty cache: what a first visit costs
            page = context.new_page()
            fonts: dict[str, int] = {}
            page.on(
                "response",
                lambda r, fonts=fonts: (
                    "/fonts/nanumgothic-" in r.url  # the Korean faces, not the theme's icons
                    and fonts.setdefault(r.url, len(r.body()))
                ),
            )
            page.goto(f"{origin}/{path.relative_to(HTML)}", wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            per_page.append(sum(fonts.values()))
            distinct.update(fonts)
            context.close()
        browser.close()
    httpd.shutdown()
    return {
        "pages": len(per_page),
        "max_kb": max(per_page) / 1000,
        "mean_kb": sum(per_page) / len(per_page) / 1000,
        "cached_edition_kb": sum(distinct.values()) / 1000,
    }


def run_tests(*args: str) -> dict[str, object]:
    """Run pytest as ``nox -s tests`` does: its wall time, and how many units each slow check
    did not check again because they passed before on the same bytes (tests/memo.py)."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    print(result.stdout[-2000:])
    if result.returncode != 0:
        raise SystemExit(f"pytest {' '.join(args)} failed:\n{result.stdout[-5000:]}")
    summary = re.finditer(r"^tests/\S+::(?P<test>\S+): (?P<count>\d+) \(", result.stdout, re.M)
    skipped = {match["test"]: int(match["count"]) for match in summary}
    return {"wall_s": seconds, "not_checked_again": skipped}


def main() -> int:
    results: dict[str, object] = {
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    }
    # Every build here has the address Lighthouse will load the pages from as its base URL.
    os.environ["NN_BASE_URL"] = lighthouse.ORIGIN

    clean()
    wall = run_build()
    times = {language: lesson_times(language) for language in LANGUAGES}
    sums = {language: sum(times[language].values()) for language in LANGUAGES}
    results["clean_build"] = {
        "wall_s": wall,
        "lessons_s": sums,
        # The target's figure: wall time over all the lesson time the build had to spend.
        "overhead": wall / sum(sums.values()),
        # A stricter one: side by side, the wall time cannot drop below the slower edition.
        "overhead_vs_slower_edition": wall / max(sums.values()),
    }

    results["noop_rebuild_s"] = run_build()

    results["fit"] = fit_against_bare_loop()
    results["lessons"] = {
        script.stem: lesson_alone(script)
        for script in sorted((GALLERY / DEFAULT_LANGUAGE).glob("plot_*.py"))
    }
    results["korean_font"] = korean_font_bytes()
    results["lighthouse"] = lighthouse.measure()
    # The suite three ways: checking everything, as CI does on a fresh clone; again with
    # nothing changed; and (in edit_one_korean_lesson) after a translator's edit and a rebuild.
    results["tests"] = {"fresh": run_tests("--fresh"), "unchanged": run_tests()}
    results["edit_one_korean_lesson"] = edit_one_korean_lesson()

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    text = (
        report(results, times)
        + "\n"
        + "\n".join(lighthouse.report(results["lighthouse"], lighthouse.ORIGIN))
    )
    (OUT / "bench.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


def tests_rows(tests: dict[str, dict], edit: dict) -> list[str]:
    def skipped(figures: dict) -> str:
        counts = figures["not_checked_again"]
        return ", ".join(f"{test} {n}" for test, n in counts.items()) or "none"

    fresh, unchanged = tests["fresh"], tests["unchanged"]
    target = TARGETS["tests_s"]
    return [
        f"| `pytest --fresh`: every check, as CI runs it on a fresh clone | "
        f"{fresh['wall_s']:.1f} s | |",
        f"| `pytest` again, nothing changed (warm) | {unchanged['wall_s']:.1f} s; not checked "
        f"again: {skipped(unchanged)} | <= {target} s ({verdict(unchanged['wall_s'] <= target)}) |",
        f"| `pytest` after editing ko/plot_rnn.py's prose and rebuilding | {edit['wall_s']:.1f} s; "
        f"not checked again: {skipped(edit)} | |",
    ]


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def report(r: dict, times: dict[str, dict[str, float]]) -> str:
    clean_build, fit = r["clean_build"], r["fit"]
    edit, font = r["edit_one_korean_lesson"], r["korean_font"]
    lines = [
        "# nn-tutorial benchmark",
        "",
        f"Measured in one run on {r['machine']}.",
        "",
        "| figure | value | target |",
        "|---|---|---|",
        f"| clean build, both editions side by side | {clean_build['wall_s']:.1f} s | |",
        *(
            f"| lessons' own run time, {lang} | {s:.1f} s | |"
            for lang, s in clean_build["lessons_s"].items()
        ),
        f"| build overhead: wall / all lessons' run time | {clean_build['overhead']:.2f} | "
        f"<= {TARGETS['overhead']} ({verdict(clean_build['overhead'] <= TARGETS['overhead'])}) |",
        f"| stricter: wall / slower edition's lessons | "
        f"{clean_build['overhead_vs_slower_edition']:.2f} | |",
        f"| rebuild, nothing changed | {r['noop_rebuild_s']:.1f} s | "
        f"<= {TARGETS['noop_rebuild_s']:.0f} s "
        f"({verdict(r['noop_rebuild_s'] <= TARGETS['noop_rebuild_s'])}) |",
        f"| rebuild after editing ko/plot_rnn.py's prose | {edit['wall_s']:.1f} s; re-ran: "
        f"{', '.join(edit['lessons_rerun']) or 'none'} | only ko/plot_rnn.rst "
        f"({verdict(edit['lessons_rerun'] == ['ko/plot_rnn.rst'])}) |",
        f"| fit, samples per CPU second (1 thread) | {fit['fit_samples_per_s']:.0f} | |",
        f"| bare loop, samples per CPU second (1 thread) | {fit['bare_samples_per_s']:.0f} | |",
        f"| fit / bare | {fit['fit_vs_bare']:.3f} | >= {TARGETS['fit_vs_bare']} "
        f"({verdict(fit['fit_vs_bare'] >= TARGETS['fit_vs_bare'])}) |",
        f"| Korean web font a Korean page loads, first visit (largest of "
        f"{font['pages']} pages) | {font['max_kb']:.0f} KB | <= {TARGETS['font_kb']} KB "
        f"({verdict(font['max_kb'] <= TARGETS['font_kb'])}) |",
        f"| the same, mean over the pages / all pages once cached | {font['mean_kb']:.0f} KB / "
        f"{font['cached_edition_kb']:.0f} KB | |",
        *tests_rows(r["tests"], edit["tests"]),
        "",
        "## Lessons",
        "",
        "| lesson | alone: seconds | alone: peak memory | in the build (en / ko) |",
        "|---|---|---|---|",
    ]
    for name, figures in r["lessons"].items():
        in_build = " / ".join(f"{times[lang].get(name, float('nan')):.1f} s" for lang in LANGUAGES)
        lines.append(
            f"| {name} | {figures['seconds']:.1f} s | {figures['peak_mib']:.0f} MiB | {in_build} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
