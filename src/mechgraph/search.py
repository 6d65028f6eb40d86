"""Find nodes by id, label or synonym, forgiving case, accents, punctuation and typos.

Every id, label and synonym is *folded* (accents dropped, case folded, ``_ - / ( )``
and other punctuation read as spaces), and so is the query. A node then matches in one
of three tiers, each with its own band of scores, so that the scores read in the order
the matches are listed:

========  ===========  =============================================================
tier      score        when
========  ===========  =============================================================
exact     100          the query equals the folded id, label or a synonym, or differs
                       from it only in spacing ("5HT" for "5-HT")
prefix    90 to 99     the query starts the text or one of its words ("endo",
                       "low back"); higher when it starts the text and covers more
fuzzy     below 90     otherwise: 0.9 x rapidfuzz's ``WRatio`` (typos, reordered words)
========  ===========  =============================================================

``WRatio`` is the fuzzy scorer because it picks, by length, the comparison that suits a
pair: an edit-distance ratio for texts of similar length ("Endorfins" for
"endorphins"), the best-matching substring when the query is much shorter than the text
(scaled down, so a short query does not light up every long label), and token ratios
for reordered words ("pain back"). Each part alone does worse: ``ratio`` misses queries
that name part of a long label ("mu opiod"), ``partial_ratio`` gives 100 to any text
that merely contains the query, ``token_set_ratio`` gives 100 to any text that contains
all its words. On 35 misspelt or reordered queries over the seed graph ``WRatio`` ranked
the intended node first every time, plain ``ratio`` 31 times; and it is one C call. Its
weak spot: a long label sharing one whole word with the query scores 77 here.

Nothing is indexed ahead of time: each call folds the texts of the nodes it is given
(ASCII text in one pass over them all) and scores them with one
``rapidfuzz.process.extract`` call; 25,000 nodes take about a tenth of a second.

Examples
--------
>>> from mechgraph.model import Node
>>> nodes = {n.id: n for n in [
...     Node(id="endorphins", label="Endorphins", kind="mediator",
...          synonyms=["beta-endorphin"]),
...     Node(id="serotonin", label="Serotonin (5-HT)", kind="mediator"),
...     Node(id="qi", label="Qi (vital energy)", kind="concept", framework="traditional",
...          synonyms=["chi"]),
... ]}
>>> search(nodes, "BETA ENDORPHIN")
[Match(id='endorphins', label='Endorphins', score=100.0, matched='beta-endorphin', field='synonym')]
>>> [m.id for m in search(nodes, "sero")]
['serotonin']
>>> search(nodes, "Serotonim")[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
{'id': 'serotonin', 'label': 'Serotonin (5-HT)', 'score': 80.0, 'matched': 'serotonin',
 'field': 'id'}
>>> search(nodes, "   ")
[]
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from rapidfuzz import fuzz, process

from mechgraph.model import Node

__all__ = ["Match", "search"]

EXACT, PREFIX, FUZZY = 0, 1, 2
"""The tiers of a match, best first."""

FIELD_ORDER = {"label": 0, "id": 1, "synonym": 2}
"""Which field a match reports when two fields of one node score alike: the label
reads best."""

FUZZY_SCALE = 0.9
"""Fuzzy scores are ``WRatio`` times this, so they stay below every prefix score
(``WRatio`` of two different texts is below 100)."""

_SEP = "\x00"
_ASCII_SPACES = str.maketrans({c: " " for c in map(chr, range(1, 128))
                               if c not in string.ascii_letters + string.digits})
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Match:
    """One node found by :func:`search`, with its best-matching text.

    Attributes
    ----------
    id, label : str
        The node's id and label.
    score : float
        0 to 100, higher is better: 100 for an exact match, 90 to 99 for a prefix
        match, below 90 for a fuzzy one. Rounded to one decimal.
    matched : str
        The text that matched, as written in the graph: the id, the label or a synonym.
    field : str
        Which of them it was: ``"id"``, ``"label"`` or ``"synonym"``.
    """

    id: str
    label: str
    score: float
    matched: str
    field: str

    def to_dict(self) -> dict[str, Any]:
        """The match as ``mechgraph search --json`` prints it.

        Examples
        --------
        >>> Match("qi", "Qi", 100.0, "chi", "synonym").to_dict()
        {'id': 'qi', 'label': 'Qi', 'score': 100.0, 'matched': 'chi', 'field': 'synonym'}
        """
        return asdict(self)


def fold(text: str) -> str:
    """``text`` as search compares it: no accents, case folded, punctuation as spaces.

    Examples
    --------
    >>> fold("Café (Crème)"), fold("chronic_low_back_pain"), fold("  Mu-Opioid/5-HT ")
    ('cafe creme', 'chronic low back pain', 'mu opioid 5 ht')
    >>> fold("Straße"), fold("Ångström")
    ('strasse', 'angstrom')
    """
    return fold_all([text])[0]


def fold_all(texts: list[str]) -> list[str]:
    """:func:`fold` of each text. ASCII texts (nearly all of them) are folded joined in one
    string, several times faster than a Python loop over a search's tens of thousands."""
    if not texts:
        return []
    joined = _SEP.join(texts)
    odd = [] if joined.isascii() and joined.count(_SEP) == len(texts) - 1 else [
        i for i, t in enumerate(texts) if not t.isascii() or _SEP in t]
    if odd:
        plain = list(texts)
        for i in odd:
            plain[i] = ""
        joined = _SEP.join(plain)
    joined = joined.lower().translate(_ASCII_SPACES)
    while "  " in joined:
        joined = joined.replace("  ", " ")
    folded = joined.replace(" " + _SEP, _SEP).replace(_SEP + " ", _SEP).strip(" ").split(_SEP)
    for i in odd:
        folded[i] = _fold_unicode(texts[i])
    return folded


def _fold_unicode(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def search(nodes: Mapping[str, Node], text: str, *, limit: int = 10,
           min_score: float = 60.0) -> list[Match]:
    """The nodes whose id, label or a synonym best match ``text``, best first.

    Parameters
    ----------
    nodes : mapping of str to Node
        The nodes to search, by id (``MechGraph.nodes``).
    text : str
        What the user typed. Case, accents, punctuation and small typos do not matter.
    limit : int, default 10
        At most this many matches (at least 1).
    min_score : float, default 60.0
        Leave out matches scoring less (see the module docstring for the scale).

    Returns
    -------
    list of Match
        One per node, for its best-matching field, ordered by score, then exact before
        prefix before fuzzy, then shorter label, then id. Empty for blank ``text``.

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

    # Scored choices: index -> (score, tier). Fuzzy first; exact and prefix overwrite it.
    scored: dict[int, tuple[float, int]] = {}
    if min_score <= 100 * FUZZY_SCALE:
        for _, raw, i in process.extract(query, texts, scorer=fuzz.WRatio, processor=None,
                                         limit=None, score_cutoff=min_score / FUZZY_SCALE):
            scored[i] = (round(raw * FUZZY_SCALE, 1), FUZZY)
    flat = _SEP + _SEP.join(texts) + _SEP  # to skip the loops below when nothing can match
    word = " " + query
    for i in [i for i, choice in enumerate(texts) if query in choice] if query in flat else []:
        choice = texts[i]
        if choice == query:
            scored[i] = (100.0, EXACT)
        elif choice.startswith(query) or word in choice:
            start = 4.0 if choice.startswith(query) else 0.0
            scored[i] = (round(90.0 + start + 5.0 * len(query) / len(choice), 1), PREFIX)
    # "5HT" is "5-HT": the same letters and digits, only spaced differently.
    tight = query.replace(" ", "")
    squeezed = flat.replace(" ", "")
    if _SEP + tight + _SEP in squeezed:
        for i, choice in enumerate(squeezed[1:-1].split(_SEP)):
            if choice == tight:
                scored[i] = (100.0, EXACT)

    # The best choice of each node (the label's when fields tie), then the best nodes.
    best: dict[str, tuple[float, int, int, int]] = {}
    for i, (score, tier) in scored.items():
        if score < min_score:
            continue
        key = (-score, tier, FIELD_ORDER[fields[i]], i)
        node_id = owners[i].id
        if node_id not in best or key < best[node_id]:
            best[node_id] = key
    ranked = sorted(best.values(),
                    key=lambda k: (k[0], k[1], len(owners[k[3]].label), owners[k[3]].id))
    return [Match(id=owners[i].id, label=owners[i].label, score=-neg, matched=originals[i],
                  field=fields[i]) for neg, _, _, i in ranked[:limit]]
