"""Find nodes by id, label, synonym or cross-reference, forgiving case, accents, Greek
letters, punctuation and typos.

Every id, label and synonym is *folded*, and so is the query: accents dropped
("Sjögren" is "sjogren"), a Greek letter spelt out as a word of its own ("α-synuclein" is
"alpha synuclein", "TNF-α" is "tnf alpha"), case folded, apostrophes dropped
("Parkinson's" is "parkinsons") and ``_ - / ( )`` and other punctuation read as spaces.
A node then matches in one of five tiers, each with its own band of scores, so that the
scores read in the order the matches are listed:

==========  ============  ===========================================================
tier        score         when
==========  ============  ===========================================================
exact       100           the query equals the folded id, label or a synonym, or differs
                          from it only in spacing ("5HT" for "5-HT", "TNFalpha" for
                          "TNF-α"); or it is one of the node's cross-references
                          (``MONDO:0005180``, ``mondo:0005180``), or the part of one
                          after the colon (``D010300`` for ``MESH:D010300``)
named       98 to 99.4    a ``condition`` node whose text holds every word of the
                          query, whole and in any order ("Parkinsons" for "Parkinson's
                          disease")
whole       96 to 97.4    the query is the whole text but for a typo or two in its words
                          ("parkinson desease" for "Parkinson's disease", "dopamin")
words       90 to 95.4    each word of the query starts a word of the text or is one of
                          them with a typo, in any order ("endo", "low back",
                          "parkinsn" for "Parkinson's disease"): 93 to 95.4 for a
                          ``condition`` node, 90 to 92.4 for any other
fuzzy       below 90      otherwise: 0.9 x rapidfuzz's ``WRatio`` (run-together words,
                          typos in short words)
==========  ============  ===========================================================

Within the named and words tiers a text scores higher when the query starts it, covers more
of it, and has no typo; within the whole tier, when it has fewer typos.

So exact and whole-text matches come first, and conditions before other nodes, for typos
too: a disease ranks above the mechanisms named after it ("parkinsn" finds "Parkinson's
disease" before "Parkinson's disease dopaminergic neuron loss"). One exception to "whole
first": a condition that holds the query's words exactly ranks above a whole text that is
the query only with a typo ("Parkinsons" finds "Parkinson's disease" before
"Parkinsonism", two edits away). Within a score, a condition comes first, then the shorter
label, then the id.

A typo is an edit (a letter added, dropped or changed) in a query word: none in a word of
up to 4 letters or of digits only, one in a word of 5 to 7, two in a longer word. A
cross-reference is only ever matched exactly: ``MONDO:0005181`` is another disease, not a
typo of ``MONDO:0005180``.

``WRatio`` is the fuzzy scorer because it picks, by length, the comparison that suits a
pair: an edit-distance ratio for texts of similar length, the best-matching substring when
the query is much shorter than the text (scaled down, so a short query does not light up
every long label), and token ratios for reordered words ("pain back"). ``partial_ratio``
alone gives 100 to any text that merely contains the query, ``token_set_ratio`` gives 100
to any text that contains all its words.

Nothing is indexed ahead of time: each call folds the texts of the nodes it is given
(ASCII text in one pass over them all), scores them with one
``rapidfuzz.process.extract`` call, and finds the words of the query (and the words a typo
away from them, found with one more such call over the distinct words) with ``str.find``.
25,000 nodes with 12,500 cross-references take about two tenths of a second (a tenth
before the words tier and cross-references), a little more for a one-letter query.

Examples
--------
>>> from mechgraph.model import Node
>>> nodes = {n.id: n for n in [
...     Node(id="endorphins", label="Endorphins", kind="mediator",
...          synonyms=["beta-endorphin"]),
...     Node(id="serotonin", label="Serotonin (5-HT)", kind="mediator"),
...     Node(id="qi", label="Qi (vital energy)", kind="concept", framework="traditional",
...          synonyms=["chi"]),
...     Node(id="pd", label="Parkinson's disease", kind="condition",
...          xrefs=["MONDO:0005180", "MESH:D010300"]),
... ]}
>>> search(nodes, "β-ENDORPHIN")  # doctest: +NORMALIZE_WHITESPACE
[Match(id='endorphins', label='Endorphins', score=100.0, matched='beta-endorphin',
       field='synonym', module=None)]
>>> [m.id for m in search(nodes, "sero")]
['serotonin']
>>> search(nodes, "Serotonim")[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
{'id': 'serotonin', 'label': 'Serotonin (5-HT)', 'module': None, 'score': 97.2,
 'matched': 'serotonin', 'field': 'id'}
>>> [(m.id, m.matched, m.field) for m in search(nodes, "d010300")]
[('pd', 'MESH:D010300', 'xref')]
>>> search(nodes, "   ")
[]
"""

from __future__ import annotations

import re
import string
import unicodedata
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from itertools import accumulate
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from mechgraph.model import Node
from mechgraph.text import with_module

__all__ = ["APOSTROPHES", "BANDS", "GREEK", "LETTERS", "Match", "fold", "fold_all", "search",
           "typos_allowed"]

EXACT, NAMED, WHOLE, CONDITION_WORDS, WORDS, FUZZY = range(6)
"""The tiers of a match, best first (see the module docstring)."""

BANDS = {NAMED: (98.0, 99.4), WHOLE: (96.0, 97.4), CONDITION_WORDS: (93.0, 95.4),
         WORDS: (90.0, 92.4)}
"""The lowest and highest score of each tier between exact (100) and fuzzy (below 90). Each
ends below .5, so that scores rounded to a whole number (as ``mechgraph search`` prints
them) still tell the tiers apart."""

FIELD_ORDER = {"label": 0, "id": 1, "synonym": 2, "xref": 3}
"""Which field a match reports when two fields of one node score alike: the label
reads best."""

FUZZY_SCALE = 0.9
"""Fuzzy scores are ``WRatio`` times this, so they stay below every words score
(``WRatio`` of two different texts is below 100)."""

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta",
    "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu",
    "ν": "nu", "ξ": "xi", "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma",
    "τ": "tau", "υ": "upsilon", "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}
"""Each small Greek letter and its name, which search reads in its place (a capital, a
final sigma or a letter with an accent is first folded to one of these; so are the micro
sign µ and the symbol forms ϐ ϑ ϕ ϵ ϰ ϱ ϖ)."""

LETTERS = {"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "ł": "l", "ı": "i",
           "þ": "th"}
"""Latin letters that carry no separate accent mark, and what search reads for them."""

APOSTROPHES = "'’‘ʼ`"
"""Dropped, not read as spaces: "Parkinson's" is one word, "parkinsons"."""

_SEP = "\x00"
_ASCII_FOLD = str.maketrans({c: None if c in APOSTROPHES else " "
                             for c in map(chr, range(1, 128))
                             if c not in string.ascii_letters + string.digits})
_UNICODE_FOLD = str.maketrans({**{c: f" {name} " for c, name in GREEK.items()}, **LETTERS,
                               **dict.fromkeys(APOSTROPHES)})
_NON_WORD = re.compile(r"(?:[^\w\x00]|_)+")


@dataclass(frozen=True)
class Match:
    """One node found by :func:`search`, with its best-matching text.

    Attributes
    ----------
    id, label : str
        The node's id and label.
    score : float
        0 to 100, higher is better: 100 for an exact match, 90 to 99.4 for a match of the
        whole text with a typo or of the query's words, below 90 for a fuzzy one (see the
        module docstring for the tiers). Rounded to one decimal.
    matched : str
        The text that matched, as written in the graph: the id, the label, a synonym or a
        cross-reference.
    field : str
        Which of them it was: ``"id"``, ``"label"``, ``"synonym"`` or ``"xref"``.
    module : str or None
        The node's module (the group it belongs to, such as a disorder), if it has one.
    """

    id: str
    label: str
    score: float
    matched: str
    field: str
    module: str | None = None

    @property
    def name(self) -> str:
        """The label with the module beside it, as nodes are listed for choosing.

        Examples
        --------
        >>> Match("pd_inflammation", "Neuroinflammation", 100.0, "Neuroinflammation",
        ...       "label", "Parkinson's disease").name
        "Neuroinflammation · Parkinson's disease"
        """
        return with_module(self.label, self.module)

    def to_dict(self) -> dict[str, Any]:
        """The match as ``mechgraph search --json`` prints it.

        Examples
        --------
        >>> Match("qi", "Qi", 100.0, "chi", "synonym").to_dict()  # doctest: +NORMALIZE_WHITESPACE
        {'id': 'qi', 'label': 'Qi', 'module': None, 'score': 100.0, 'matched': 'chi',
         'field': 'synonym'}
        """
        record = asdict(self)
        return {key: record[key] for key in ("id", "label", "module", "score", "matched",
                                             "field")}


def fold(text: str) -> str:
    """``text`` as search compares it: no accents, Greek letters spelt out, case folded,
    apostrophes dropped, other punctuation as spaces.

    Examples
    --------
    >>> fold("Café (Crème)"), fold("chronic_low_back_pain"), fold("  Mu-Opioid/5-HT ")
    ('cafe creme', 'chronic low back pain', 'mu opioid 5 ht')
    >>> fold("Straße"), fold("Ångström"), fold("Sjögren's"), fold("Bjørn")
    ('strasse', 'angstrom', 'sjogrens', 'bjorn')
    >>> fold("α-Synuclein"), fold("TNFα"), fold("IL-1Β"), fold("µ-opioid")
    ('alpha synuclein', 'tnf alpha', 'il 1 beta', 'mu opioid')
    """
    return fold_all([text])[0]


def fold_all(texts: list[str]) -> list[str]:
    """:func:`fold` of each text. The texts are folded joined in one string (the ASCII ones,
    nearly all of them, in one, the others in another), several times faster than a Python
    loop over a search's tens of thousands."""
    if not texts:
        return []
    joined = _SEP.join(texts)
    if joined.isascii() and joined.count(_SEP) == len(texts) - 1:
        return _split(joined.lower().translate(_ASCII_FOLD))
    odd = [i for i, t in enumerate(texts) if not t.isascii() or _SEP in t]
    plain = list(texts)
    for i in odd:
        plain[i] = ""
    folded = _split(_SEP.join(plain).lower().translate(_ASCII_FOLD))
    # A text holding the separator is folded in pieces: the separator is a space to fold.
    pieces = [(i, piece) for i in odd for piece in texts[i].split(_SEP)]
    for i in odd:
        folded[i] = ""
    joined = unicodedata.normalize("NFKD", _SEP.join(piece for _, piece in pieces))
    joined = joined.translate(_DROP_COMBINING).casefold().translate(_UNICODE_FOLD)
    for (i, _), piece in zip(pieces, _split(_NON_WORD.sub(" ", joined)), strict=True):
        folded[i] = f"{folded[i]} {piece}".strip(" ")
    return folded


def _split(joined: str) -> list[str]:
    """The texts joined with the separator, punctuation already spaces, each with its spaces
    tidied."""
    while "  " in joined:
        joined = joined.replace("  ", " ")
    return joined.replace(" " + _SEP, _SEP).replace(_SEP + " ", _SEP).strip(" ").split(_SEP)


class _Combining(dict[int, int | None]):
    """A ``str.translate`` table that drops combining marks, filled as characters come."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


_DROP_COMBINING = _Combining()


def typos_allowed(word: str) -> int:
    """How many edits make a typo of a query word (see the module docstring).

    Examples
    --------
    >>> [typos_allowed(w) for w in ("pain", "opioid", "parkinsn", "0005180")]
    [0, 1, 2, 0]
    """
    if len(word) <= 4 or word.isdigit():
        return 0
    return 1 if len(word) <= 7 else 2


def search(nodes: Mapping[str, Node], text: str, *, limit: int = 10,
           min_score: float = 60.0) -> list[Match]:
    """The nodes whose id, label, a synonym or a cross-reference best match ``text``, best
    first.

    Parameters
    ----------
    nodes : mapping of str to Node
        The nodes to search, by id (``MechGraph.nodes``).
    text : str
        What the user typed. Case, accents, Greek letters written out or not, punctuation
        and small typos do not matter; a cross-reference (``MESH:D010300``) must be exact
        but for case, and may leave out its prefix.
    limit : int, default 10
        At most this many matches (at least 1).
    min_score : float, default 60.0
        Leave out matches scoring less (see the module docstring for the scale).

    Returns
    -------
    list of Match
        One per node, for its best-matching field, ordered by score, then by tier, then
        conditions first, then shorter label, then id. Empty for blank ``text``.

    Raises
    ------
    ValueError
        If ``limit`` is less than 1.

    Examples
    --------
    >>> from mechgraph.model import Node
    >>> nodes = {"cafe": Node(id="cafe", label="Café au lait", kind="concept")}
    >>> [(m.id, m.score, m.field) for m in search(nodes, "CAFE")]
    [('cafe', 100.0, 'id')]
    >>> search(nodes, "zzzz")
    []
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    query = fold(text)
    if not query:
        return []

    # One flat list of choices: the text as written, its node and field; then folded.
    originals: list[str] = []
    owners: list[Node] = []
    fields: list[str] = []
    for node in nodes.values():
        originals += (node.label, node.id, *node.synonyms)
        owners += [node] * (2 + len(node.synonyms))
        fields += ("label", "id")
        fields += ["synonym"] * len(node.synonyms)
    texts = fold_all(originals)

    # Scored choices: index -> (score, tier). Fuzzy first; better tiers overwrite it.
    scored: dict[int, tuple[float, int]] = {}
    if min_score <= 100 * FUZZY_SCALE:
        for _, raw, i in process.extract(query, texts, scorer=fuzz.WRatio, processor=None,
                                         limit=None, score_cutoff=min_score / FUZZY_SCALE):
            scored[i] = (round(raw * FUZZY_SCALE, 1), FUZZY)
    scored.update(_words(query, texts, owners))
    # Exact, or "5HT" for "5-HT": the same letters and digits, only spaced differently.
    flat = _SEP + _SEP.join(texts) + _SEP
    tight = query.replace(" ", "")
    if _SEP + query + _SEP in flat:
        for i, choice in enumerate(texts):
            if choice == query:
                scored[i] = (100.0, EXACT)
    squeezed = flat.replace(" ", "")
    if _SEP + tight + _SEP in squeezed:
        for i, choice in enumerate(squeezed[1:-1].split(_SEP)):
            if choice == tight:
                scored[i] = (100.0, EXACT)
    # Cross-references: exact only, whole or without their prefix.
    for node, xref in _xrefs(nodes, tight):
        scored[len(originals)] = (100.0, EXACT)
        originals.append(xref)
        owners.append(node)
        fields.append("xref")

    # The best choice of each node (the label's when fields tie), then the best nodes.
    best: dict[str, tuple[float, int, int, int]] = {}
    for i, (score, tier) in scored.items():
        if score < min_score:
            continue
        key = (-score, tier, FIELD_ORDER[fields[i]], i)
        node_id = owners[i].id
        if node_id not in best or key < best[node_id]:
            best[node_id] = key
    ranked = sorted(best.values(), key=lambda k: (
        k[0], k[1], owners[k[3]].kind != "condition", len(owners[k[3]].label), owners[k[3]].id))
    return [Match(id=owners[i].id, label=owners[i].label, score=-neg, matched=originals[i],
                  field=fields[i], module=owners[i].module) for neg, _, _, i in ranked[:limit]]


def _xrefs(nodes: Mapping[str, Node], tight: str) -> list[tuple[Node, str]]:
    """The nodes with a cross-reference that is the query (``tight``: folded, no spaces),
    whole or without its prefix, each with that cross-reference."""
    xrefs = [xref for node in nodes.values() for xref in node.xrefs]
    if not xrefs:
        return []
    whole = _SEP.join(fold_all(xrefs)).replace(" ", "")
    local = _SEP.join(fold_all([xref.partition(":")[2] for xref in xrefs])).replace(" ", "")
    needle = _SEP + tight + _SEP
    if needle not in _SEP + whole + _SEP and needle not in _SEP + local + _SEP:
        return []
    owners = [node for node in nodes.values() for _ in node.xrefs]
    found: dict[str, tuple[Node, str]] = {}
    for node, xref, w, lo in zip(owners, xrefs, whole.split(_SEP), local.split(_SEP),
                                 strict=True):
        if tight in (w, lo):
            found.setdefault(node.id, (node, xref))
    return list(found.values())


def _words(query: str, texts: list[str], owners: list[Node]) -> dict[int, tuple[float, int]]:
    """The whole-text and words matches of ``query`` among the folded ``texts``: index ->
    (score, tier)."""
    qwords = query.split()
    spaced = " " + f" {_SEP} ".join(texts) + " "
    starts = list(accumulate(map((3).__add__, map(len, texts)), initial=1))
    vocabulary = (list(set(spaced.split()) - {_SEP})
                  if any(typos_allowed(w) for w in qwords) else [])
    # For each query word: text index -> (closeness, the text word it matched).
    found: list[dict[int, tuple[float, str]]] = []
    for qword in dict.fromkeys(qwords):
        edits = typos_allowed(qword)
        typos = [w for w, _, _ in process.extract(
            qword, vocabulary, scorer=Levenshtein.distance, processor=None, limit=None,
            score_cutoff=edits)] if edits else []
        hits: dict[int, tuple[float, str]] = {}
        for start in dict.fromkeys([qword, *typos]):
            at = spaced.find(" " + start)
            while at != -1:
                end = spaced.find(" ", at + 1)
                word = spaced[at + 1:end]
                if word == qword:
                    closeness = 1.0
                elif word.startswith(qword):
                    closeness = 0.8 * len(qword) / len(word)
                elif word == start:
                    closeness = 0.7
                else:
                    closeness = 0.0  # a word that merely starts with a typo
                if closeness:
                    i = bisect_right(starts, at + 1) - 1
                    if closeness > hits.get(i, (0.0, ""))[0]:
                        hits[i] = (closeness, word)
                at = spaced.find(" " + start, end)
        if not hits:
            return {}
        found.append(hits)
        if len(found) > 1:  # keep only the texts every word so far is in
            for i in [i for i in found[0] if i not in hits]:
                del found[0][i]
    scored: dict[int, tuple[float, int]] = {}
    for i in found[0]:
        per_word = [hits[i] for hits in found if i in hits]
        if len(per_word) < len(found):
            continue
        choice = texts[i]
        spaces = choice.count(" ")
        condition = owners[i].kind == "condition"
        words = {word for _, word in per_word}
        if condition and all(c == 1.0 for c, _ in per_word):
            tier = NAMED
        elif spaces == len(qwords) - 1 and all(
                c == q or Levenshtein.distance(q, c, score_cutoff=typos_allowed(q))
                <= typos_allowed(q) for q, c in zip(qwords, choice.split(), strict=True)):
            low, high = BANDS[WHOLE]
            scored[i] = (round(low + (high - low) * Levenshtein.normalized_similarity(
                query, choice), 1), WHOLE)
            continue
        else:
            tier = CONDITION_WORDS if condition else WORDS
        starts_text = choice.startswith(per_word[0][1] + " ") or choice == per_word[0][1]
        closeness = sum(c for c, _ in per_word) / len(per_word)
        coverage = min(1.0, sum(map(len, words)) / (len(choice) - spaces))
        fine = 0.4 * starts_text + 0.3 * closeness + 0.3 * coverage
        low, high = BANDS[tier]
        scored[i] = (round(low + (high - low) * fine, 1), tier)
    return scored
