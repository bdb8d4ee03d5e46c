"""Search for the Korean edition: find a word whatever particle (조사) follows it.

Sphinx has no Korean search language; it would fall back to English, index
``변화도를`` and ``변화도가`` as two unrelated words, and find neither for the
query ``변화도``. This module registers one for ``ko``:

- :func:`strip_particle` removes one particle from the end of a word, longest
  first (``에서는`` before ``는``), and only if at least :data:`MIN_STEM`
  characters are left, so ``손실은`` becomes ``손실`` while two-syllable words
  that merely end like a particle (``길이``, ``결과``) stay whole. Longer nouns
  whose last syllable looks like a particle (``변화도``, ``정확도``) are listed in
  :data:`KEEP`: the Korean words of the term table (``docs/terms.csv``) and a
  few more. A word in :data:`KEEP` is never cut, so ``변화도`` and ``변화도를``
  both give ``변화도``.
- The index (Python, :meth:`SearchKorean.stem`) and the query (JavaScript,
  :data:`JS_STEMMER`, built from the same :data:`PARTICLES` list) apply the same
  rule, so both sides meet on the same stem. Words without Hangul (code names,
  English terms) go through the English Snowball stemmer on both sides, as on
  the English site.

Word splitting needs no change: Python's ``\\w+`` and Sphinx's JavaScript
splitter (``\\p{Letter}``) both keep Hangul syllables together.
"""

from __future__ import annotations

import json
import re

import snowballstemmer
from sphinx.search import _MINIFIED_JS_PATH, SearchLanguage
from sphinx.search._stopwords.en import ENGLISH_STOPWORDS
from term_table import read_terms

PARTICLES = (
    # copula and polite endings that follow nouns
    "입니다", "이었다", "이에요", "이라는", "이라고", "이라면", "이므로", "이지만",
    "이다", "이며", "이고", "이나", "이란", "예요", "였다", "라는", "라고", "이면",
    # case and auxiliary particles, with their common combinations
    "에서부터", "으로부터", "으로서는", "으로써는",
    "에게서", "에서는", "에서도", "에서만", "에서의", "으로는", "으로도", "으로만", "으로의",
    "으로써", "으로서", "로부터", "까지는", "까지도", "부터는", "보다는", "처럼은", "에게는",
    "에는", "에도", "에만", "에의", "로는", "로도", "로만", "로의", "로써", "로서", "과는",
    "와는", "과도", "와도", "만큼", "마다", "조차", "까지", "부터", "보다", "처럼", "에서",
    "에게", "한테", "께서", "으로", "이랑", "하고", "밖에", "대로",
    "은", "는", "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만", "랑", "나",
)  # fmt: skip
"""Particles stripped from the end of a word. :func:`strip_particle` tries the longest first."""

MIN_STEM = 2
"""Characters a word keeps at least: ``손실은`` loses ``은``, ``길이`` keeps its ``이``."""

EXTRA_KEEP = frozenset({"정확도", "유사도", "자유도", "민감도", "중요도", "복잡도", "신뢰도"})
"""Nouns ending in a particle-like syllable that are not in the term table."""


def _keep() -> frozenset[str]:
    """The words of the term table, less those that are another of its words with a particle
    (a term that is a phrase, "변화도를 0으로 만들기", holds "변화도를": that one is cut)."""
    words = {word for term in read_terms() for word in str(term["korean"]).split()}
    with_particle = {w for w in words for p in PARTICLES if w.endswith(p) and w[: -len(p)] in words}
    return frozenset(words - with_particle) | EXTRA_KEEP


KEEP = _keep()
"""Words :func:`strip_particle` leaves whole."""

_BY_LENGTH = tuple(sorted(set(PARTICLES), key=lambda p: (-len(p), p)))
_HANGUL = re.compile("[\uac00-\ud7a3]")
_english = snowballstemmer.stemmer("english")


def strip_particle(word: str) -> str:
    """Return ``word`` without the one particle at its end, if one is there.

    >>> strip_particle("변화도를"), strip_particle("가중치가"), strip_particle("모델에서는")
    ('변화도', '가중치', '모델')
    >>> strip_particle("변화도"), strip_particle("길이"), strip_particle("Tensor는")
    ('변화도', '길이', 'Tensor')
    """
    if word in KEEP:
        return word
    for particle in _BY_LENGTH:
        if word.endswith(particle) and len(word) - len(particle) >= MIN_STEM:
            return word[: -len(particle)]
    return word


def stem(word: str) -> str:
    """The whole rule: lower case, strip a particle, English-stem a word without Hangul."""
    word = strip_particle(word.lower())
    return word if _HANGUL.search(word) else _english.stemWord(word)


# The query side: the same rule in JavaScript. It must do exactly what `stem` does (run both on
# the same words to check: node, or a browser, and this module).
JS_STEMMER = (
    (_MINIFIED_JS_PATH / "base-stemmer.js").read_text(encoding="utf-8")
    + "\n"
    + (_MINIFIED_JS_PATH / "english-stemmer.js").read_text(encoding="utf-8")
    + """
/* Korean: strip one particle (조사), longest first, keeping at least MIN_STEM characters;
   words in KEEP stay whole. Mirrors strip_particle in docs/_ext/korean_search.py. */
var KOREAN_PARTICLES = @PARTICLES@;
var KOREAN_KEEP = new Set(@KEEP@);
var KOREAN_MIN_STEM = @MIN_STEM@;
function stripParticle(word) {
  if (KOREAN_KEEP.has(word)) return word;
  for (const particle of KOREAN_PARTICLES) {
    if (word.endsWith(particle) && [...word].length - [...particle].length >= KOREAN_MIN_STEM) {
      return word.slice(0, word.length - particle.length);
    }
  }
  return word;
}
var Stemmer = function () {
  const english = new EnglishStemmer();
  this.stemWord = function (word) {
    const stripped = stripParticle(word.toLowerCase());
    return /[\\uac00-\\ud7a3]/.test(stripped) ? stripped : english.stemWord(stripped);
  };
};
""".replace("@PARTICLES@", json.dumps(_BY_LENGTH, ensure_ascii=False))
    .replace("@KEEP@", json.dumps(sorted(KEEP), ensure_ascii=False))
    .replace("@MIN_STEM@", str(MIN_STEM))
)


class SearchKorean(SearchLanguage):
    """Sphinx's search language for ``ko``: particle stripping, English stemming for Latin words."""

    lang = "ko"
    language_name = "Korean"
    js_stemmer_code = JS_STEMMER
    stopwords = ENGLISH_STOPWORDS  # English words on Korean pages behave as on the English site

    def stem(self, word: str) -> str:
        return stem(word)


def setup(app):
    app.add_search_language(SearchKorean)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
