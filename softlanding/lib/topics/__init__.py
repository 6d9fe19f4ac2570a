"""Suggested themes from free text: TF-IDF then NMF with a fixed seed. Plain data in, plain data out.

No database here, so the algorithm can be unit-tested and benchmarked alone (bench/analysis.py).
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

# numpy and scikit-learn are imported inside the functions that compute suggestions, not here: it is a heavy
# optional dependency (about 60 MB and a second of start-up) that most processes never need, and
# the app imports this module at start-up for MIN_K/MAX_K.

SEED = 2026
MIN_K, MAX_K = 3, 10
# A member whose weight on its theme is at least this share of its weight on all themes is a strong
# match (pre-ticked for coding); below it, a weaker match an organiser must tick deliberately.
STRONG_SHARE = 0.6
# Words every feedback answer uses; they say nothing about a theme.
EXTRA_STOP_WORDS = frozenset({
    "session", "webinar", "really", "very", "good", "great", "thanks", "thank", "useful", "helpful",
    "lot", "event", "would", "like", "also", "much", "could", "get", "got", "one", "well",
})


@lru_cache(maxsize=1)
def feedback_stop_words():
    """English stop words plus the words every feedback answer uses, sorted."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return sorted(ENGLISH_STOP_WORDS | EXTRA_STOP_WORDS)


@dataclass
class Suggestion:
    """One suggested theme: its top terms, the texts it covers (by index) and its most typical texts."""

    index: int
    top_terms: list
    members: list = field(default_factory=list)  # indices of texts whose strongest theme this is, strongest first
    typical: list = field(default_factory=list)  # up to typical_n indices, most typical first
    shares: list = field(default_factory=list)  # per member: its weight here / its weight on all themes (0-1)

    @property
    def strong(self) -> int:
        """How many members are strong matches (share at least STRONG_SHARE)."""
        return sum(1 for share in self.shares if share >= STRONG_SHARE)

    @property
    def label(self) -> str:
        """A provisional name made from the top three terms."""
        return " / ".join(self.top_terms[:3])

    @property
    def signature(self) -> str:
        """A stable id for this suggestion: a hash of its sorted top terms."""
        return hashlib.sha256("|".join(sorted(self.top_terms)).encode()).hexdigest()[:32]


def _vectorise(texts, max_features):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectoriser = TfidfVectorizer(stop_words=feedback_stop_words(), max_features=max_features,
                                 ngram_range=(1, 2), min_df=2, max_df=0.5, sublinear_tf=True,
                                 token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z]+\b")
    matrix = vectoriser.fit_transform(texts)
    return vectoriser, matrix


def suggest(texts: Sequence[str], k: int = 5, top_n: int = 8, typical_n: int = 3, max_features: int = 5000,
            seed: int = SEED) -> list[Suggestion]:
    """Suggest k themes over `texts` (a list of str); the same input always gives the same output."""
    import numpy as np

    if not MIN_K <= k <= MAX_K:
        raise ValueError(f"k must be between {MIN_K} and {MAX_K}")
    if len(texts) < k * 2:
        return []
    try:
        vectoriser, matrix = _vectorise(texts, max_features)
    except ValueError:  # nothing left after stop words: no themes to suggest
        return []
    if matrix.shape[1] < k:
        return []
    from sklearn.decomposition import NMF

    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=300, tol=1e-3)
    weights = model.fit_transform(matrix)
    terms = np.asarray(vectoriser.get_feature_names_out())
    strongest = weights.argmax(axis=1)
    covered = weights.max(axis=1) > 1e-6  # a text with no weight on any theme belongs to none
    suggestions = []
    for topic in range(k):
        top = terms[np.argsort(model.components_[topic])[::-1][:top_n]].tolist()
        members = np.flatnonzero(covered & (strongest == topic))
        # Ranked by share (how much of the text is about this theme), then by raw weight: a short text
        # wholly about the theme outranks a long one that touches several.
        share = weights[members, topic] / weights[members].sum(axis=1)
        order = np.lexsort((-weights[members, topic], -share))
        ranked = members[order]
        suggestions.append(Suggestion(index=topic, top_terms=top, members=ranked.tolist(),
                                      typical=ranked[:typical_n].tolist(),
                                      shares=[round(float(x), 4) for x in share[order]]))
    suggestions.sort(key=lambda s: (-len(s.members), s.index))
    return suggestions


def tfidf_only(texts: Sequence[str], max_features: int = 5000) -> tuple[int, int]:
    """The baseline for the benchmark: only the TF-IDF step, no factorisation."""
    _, matrix = _vectorise(texts, max_features)
    return matrix.shape
