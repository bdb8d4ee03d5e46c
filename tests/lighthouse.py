"""Lighthouse over every lesson page of every edition, as a phone and as a desktop see it.

``nox -s bench`` runs this after its build (``python tests/lighthouse.py`` runs it alone, over
``docs/_build/html``). The built site is served the way a static host serves it: gzip for text,
plain bytes for images and fonts. Lighthouse itself (npm, pinned in ``site_facts.LIGHTHOUSE``)
is installed by the bench session into ``.nox/lighthouse``; it drives Debian's Chromium.

For each page and form factor: the performance score, Largest Contentful Paint, Cumulative
Layout Shift, the bytes transferred, and the SEO score. The mobile profile is Lighthouse's
default (a mid-range phone on a slow 4G link, simulated); ``--preset=desktop`` is the other.
Each run is repeated and the median score kept: one run on a shared two-core machine can lose
several points to a neighbour's work.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs"))

from site_facts import (
    HTML,
    LANGUAGES,
    LESSONS,
    LESSONS_DIR,
    LIGHTHOUSE,
    LIGHTHOUSE_DIR,
    find_chromium,
)

COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".map", ".ipynb", ".py"}
TARGETS = {"mobile_performance": 90, "cls": 0.05, "seo": 100}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text compressed with gzip when the browser asks for it, as hosts do."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and path.suffix in COMPRESSED and wants_gzip):
            return super().send_head()
        body = _gzipped(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@functools.lru_cache(maxsize=512)
def _gzipped(path: Path, _mtime: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6)


PORT = 8537
ORIGIN = f"http://127.0.0.1:{PORT}"
"""Where the site is served for Lighthouse. The bench builds the site with this as its base URL
(``NN_BASE_URL``), so that the canonical and ``hreflang`` links Lighthouse's SEO audit reads are
absolute and name the pages it loads."""


def serve(directory: Path = HTML, port: int = PORT) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``directory`` on ``port`` (0: any free one); returns the server and its origin."""
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(GzipHandler, directory=str(directory))
    )
    httpd.handle_error = lambda *args: None  # a page closed mid-transfer is not news
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def lighthouse_command() -> list[str]:
    executable = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not executable.is_file():
        raise SystemExit(
            f"Lighthouse is not installed at {executable}: run `nox -s bench`, which installs "
            f"{LIGHTHOUSE} there"
        )
    return [str(executable)]


def audit(url: str, form_factor: str) -> dict[str, float]:
    """One Lighthouse run of one page: scores and the figures the bench reports."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [
            *lighthouse_command(),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--only-categories=performance,seo",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            *(["--preset=desktop"] if form_factor == "desktop" else []),
        ]
        env = {**os.environ, "CHROME_PATH": find_chromium() or "chromium"}
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
        result = json.loads(report.read_text(encoding="utf-8"))
    audits, categories = result["audits"], result["categories"]
    lcp_element = audits.get("largest-contentful-paint-element", {}).get("details", {})

    def score(category: str) -> int:
        # Lighthouse gives no score (null) when a run could not measure the page: count it as 0,
        # which the median of the repeats then passes over unless every run failed.
        value = categories[category]["score"]
        return 0 if value is None else round(100 * value)

    return {
        "performance": score("performance"),
        "seo": score("seo"),
        "lcp_s": audits["largest-contentful-paint"].get("numericValue", float("nan")) / 1000,
        "cls": audits["cumulative-layout-shift"].get("numericValue", float("nan")),
        "tbt_ms": audits["total-blocking-time"].get("numericValue", float("nan")),
        "kb": audits["total-byte-weight"].get("numericValue", float("nan")) / 1000,
        "dom": audits["dom-size"].get("numericValue", float("nan")),
        "lcp_element": _lcp_snippet(lcp_element),
        "failed_seo": sorted(
            ref["id"]
            for ref in categories["seo"]["auditRefs"]
            if ref["weight"] and audits[ref["id"]]["score"] not in (1, None)
        ),
    }


def _lcp_snippet(details: dict) -> str:
    for item in details.get("items", []):
        for sub in item.get("items", [item]):
            node = sub.get("node")
            if node:
                return node.get("snippet", "")[:80]
    return ""


def lesson_urls(origin: str) -> list[tuple[str, str]]:
    """(label, address) of every lesson page of every edition, in reading order."""
    return [
        (f"{language}/{name}", f"{origin}/{language}/{LESSONS_DIR}/{name}.html")
        for language in LANGUAGES
        for name in LESSONS
    ]


def measure(repeats: int = 3, pages: list[str] | None = None) -> dict[str, dict]:
    """Every lesson page (or those in ``pages``), mobile and desktop, each the median of
    ``repeats`` runs (by performance score)."""
    httpd, origin = serve()
    results: dict[str, dict] = {}
    try:
        for label, url in lesson_urls(origin):
            if pages and label not in pages:
                continue
            results[label] = {}
            for form_factor in ("mobile", "desktop"):
                runs = sorted(
                    (audit(url, form_factor) for _ in range(repeats)),
                    key=lambda run: run["performance"],
                )
                median = runs[len(runs) // 2]
                median["performance_runs"] = [run["performance"] for run in runs]
                results[label][form_factor] = median
                print(
                    f"{label} {form_factor}: {median['performance']} "
                    f"(runs {median['performance_runs']}), LCP {median['lcp_s']:.1f} s, "
                    f"CLS {median['cls']:.3f}, {median['kb']:.0f} KB, SEO {median['seo']}",
                    flush=True,
                )
    finally:
        httpd.shutdown()
    return results


def meets(results: dict[str, dict]) -> dict[str, bool]:
    mobile = [page["mobile"] for page in results.values()]
    every = [run for page in results.values() for run in page.values()]
    return {
        "mobile_performance": min(run["performance"] for run in mobile)
        >= TARGETS["mobile_performance"],
        "cls": max(run["cls"] for run in every) <= TARGETS["cls"],
        "seo": min(run["seo"] for run in every) >= TARGETS["seo"],
    }


def report(results: dict[str, dict], base_url: str) -> list[str]:
    """The bench's Markdown rows for these results."""
    verdicts = meets(results)
    seo_note = (
        f"built with base URL {base_url}"
        if base_url
        else "built without a base URL: no canonical link, so below 100 by design"
    )
    lines = [
        "## Lighthouse, every lesson page",
        "",
        f"Lighthouse {LIGHTHOUSE.split('@')[1]}, mobile (default profile) and desktop "
        "(`--preset=desktop`), the site served with gzip; each figure is the median of "
        f"{len(next(iter(results.values()))['mobile']['performance_runs'])} runs. "
        f"SEO: {seo_note}.",
        "",
        "| page | mobile perf | LCP | CLS | desktop perf | LCP | CLS | KB (gzip) | DOM | SEO |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, page in results.items():
        m, d = page["mobile"], page["desktop"]
        seo_failures = f" ({', '.join(m['failed_seo'])})" if m["failed_seo"] else ""
        lines.append(
            f"| {label} | {m['performance']} | {m['lcp_s']:.1f} s | {m['cls']:.3f} | "
            f"{d['performance']} | {d['lcp_s']:.1f} s | {d['cls']:.3f} | {m['kb']:.0f} | "
            f"{m['dom']:.0f} | {m['seo']}{seo_failures} |"
        )
    lines += [
        "",
        f"Every mobile score >= {TARGETS['mobile_performance']}: "
        f"{'meets' if verdicts['mobile_performance'] else 'MISSES'}; every CLS <= "
        f"{TARGETS['cls']}: {'meets' if verdicts['cls'] else 'MISSES'}; SEO "
        f"{TARGETS['seo']} everywhere: {'meets' if verdicts['seo'] else 'MISSES'}.",
        "",
    ]
    return lines


if __name__ == "__main__":
    chosen = sys.argv[1:]  # labels such as ko/plot_lenet; none: every lesson page
    measured = measure(pages=chosen or None)
    print("\n".join(report(measured, os.environ.get("NN_BASE_URL", ""))))
