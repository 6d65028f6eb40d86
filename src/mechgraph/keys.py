"""An edge's identity, and the one way each of its text forms is written and read.

An edge is identified by its ``(source, target, relation)``: an :data:`EdgeKey`. Written
as text it takes two forms, each made by one function here:

- the *edge reference* ``source|target|relation``, which the picture, the app's state and
  its URL use (:func:`edge_ref`, read back by :func:`parse_edge_ref`);
- the *export id* ``source.relation.target``, the stable id of an edge in the exchange
  formats (:func:`edge_id`).

Node ids are slugs and relations are words (no ``|``, no ``.``), so neither form is
ambiguous.

Examples
--------
>>> key = ("acupuncture", "endorphins", "increases")
>>> edge_ref(key)
'acupuncture|endorphins|increases'
>>> parse_edge_ref(edge_ref(key)) == key
True
>>> edge_id(*key)
'acupuncture.increases.endorphins'
"""

from __future__ import annotations

__all__ = ["EDGE_REF_SEPARATOR", "EdgeKey", "as_edge_key", "edge_id", "edge_ref",
           "parse_edge_ref"]

EdgeKey = tuple[str, str, str]
"""An edge's identity: ``(source, target, relation)``, as in the graph's edge keys."""

EDGE_REF_SEPARATOR = "|"
"""What separates the three parts of an edge reference."""


def edge_ref(key: EdgeKey) -> str:
    """The edge reference of ``key``: ``source|target|relation``.

    Examples
    --------
    >>> edge_ref(("qi", "endorphins", "modulates"))
    'qi|endorphins|modulates'
    """
    return EDGE_REF_SEPARATOR.join(key)


def parse_edge_ref(text: str) -> EdgeKey:
    """The :data:`EdgeKey` written as ``text`` by :func:`edge_ref`.

    Raises
    ------
    ValueError
        When ``text`` is not three non-empty parts joined by ``|``.

    Examples
    --------
    >>> parse_edge_ref("qi|endorphins|modulates")
    ('qi', 'endorphins', 'modulates')
    >>> parse_edge_ref("qi|endorphins")
    Traceback (most recent call last):
    ...
    ValueError: not an edge reference: 'qi|endorphins' (expected source|target|relation)
    """
    parts = text.split(EDGE_REF_SEPARATOR) if isinstance(text, str) else []
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"not an edge reference: {text!r} (expected source|target|relation)")
    source, target, relation = parts
    return source, target, relation


def as_edge_key(text: str) -> EdgeKey | None:
    """The :data:`EdgeKey` written as ``text``, or ``None`` when ``text`` is no edge
    reference (a node id, say): :func:`parse_edge_ref` for values that may be either.

    Examples
    --------
    >>> as_edge_key("qi|endorphins|modulates"), as_edge_key("qi")
    (('qi', 'endorphins', 'modulates'), None)
    """
    try:
        return parse_edge_ref(text)
    except ValueError:
        return None


def edge_id(source: str, target: str, relation: str) -> str:
    """The stable id of an edge in the exports: ``source.relation.target``.

    Examples
    --------
    >>> edge_id("acupuncture", "endorphins", "increases")
    'acupuncture.increases.endorphins'
    """
    return f"{source}.{relation}.{target}"
