"""The vocabularies (``mechgraph.vocab``) and the tables made from them."""

from __future__ import annotations

from typing import Any

import pytest

from mechgraph import handout, listing, view, wording
from mechgraph.export import cytoscape, kgx, mermaid
from mechgraph.vocab import RELATION_SIGN, RELATION_STYLE, RELATIONS

RELATION_TABLES: dict[str, dict[str, Any]] = {
    "vocab.RELATION_STYLE": RELATION_STYLE,
    "vocab.RELATION_SIGN": RELATION_SIGN,
    "view.EDGE_COLOURS": view.EDGE_COLOURS,
    "view.RELATION_WORDS": view.RELATION_WORDS,
    "handout.RELATION_PRINT": handout.RELATION_PRINT,
    "export.mermaid.ARROW_LABEL": mermaid.ARROW_LABEL,
    "export.mermaid.SIGN_COLOUR": mermaid.SIGN_COLOUR,
    "export.kgx.PREDICATE": kgx.PREDICATE,
    "wording.SIGN_SYMBOL": wording.SIGN_SYMBOL,
    "wording.PATIENT_EDGE_TITLE": wording.PATIENT_EDGE_TITLE,
    "listing.ARROW": listing.ARROW,
}
"""Every table by relation."""


@pytest.mark.parametrize("name", RELATION_TABLES)
def test_every_relation_table_has_every_relation_and_nothing_else(name: str) -> None:
    table = RELATION_TABLES[name]
    assert tuple(table) == RELATIONS, (
        f"{name} must have one entry per relation of mechgraph.vocab.RELATIONS, in order")


def test_tables_by_sign_cover_every_sign() -> None:
    assert set(cytoscape.SIGN_CLASS) == set(RELATION_SIGN.values())


def test_a_sign_means_one_thing() -> None:
    # The same symbol or glyph never stands for two relations; '↕' is kept for pathways
    # that point different ways (wording.OVERALL['ambiguous']).
    for field in ("symbol", "glyph", "words", "plain", "colour", "print_colour"):
        values = [getattr(style, field) for style in RELATION_STYLE.values()]
        assert len(set(values)) == len(values), field
    assert all("↕" not in style.glyph for style in RELATION_STYLE.values())
    assert wording.OVERALL["ambiguous"].startswith("↕ ")
    # An unknown sign looks the same on an edge and on a pathway's net effect.
    assert wording.EFFECT["unknown"].startswith(RELATION_STYLE["modulates"].glyph + " ")
    for relation in ("increases", "decreases"):
        assert wording.EFFECT[relation] == view.RELATION_WORDS[relation]


def test_display_tables_are_made_from_the_relation_table() -> None:
    for relation, style in RELATION_STYLE.items():
        assert view.EDGE_COLOURS[relation] == mermaid.SIGN_COLOUR[relation] == style.colour
        assert view.RELATION_WORDS[relation] == f"{style.glyph} {style.words}"
        assert mermaid.ARROW_LABEL[relation] == f"{style.symbol} {style.words}"
        assert wording.SIGN_SYMBOL[relation] == f"({style.symbol})"
        assert listing.ARROW[relation] == style.symbol
        assert handout.RELATION_PRINT[relation] == (style.print_colour, style.glyph,
                                                    style.plain)
