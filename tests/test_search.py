"""``search``: finding nodes by id, label or synonym on the seed graph and on small graphs
built here, forgiving case, accents, punctuation and typos."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from conftest import GRAPH
from hypothesis import given
from hypothesis import strategies as st

from mechgraph import MechGraph, Node, load_graph
from mechgraph.search import APOSTROPHES, GREEK, LETTERS, Match, fold, fold_all, search


@pytest.fixture(scope="module")
def kg() -> MechGraph:
    return load_graph(GRAPH)


def node(id: str, label: str, *synonyms: str) -> Node:
    return Node(id=id, label=label, kind="concept", synonyms=list(synonyms))


def by_id(*nodes: Node) -> dict[str, Node]:
    return {n.id: n for n in nodes}


def ids(matches: list[Match]) -> list[str]:
    return [m.id for m in matches]


# The seed graph


@pytest.mark.parametrize(("text", "first"), [
    ("endorphin", "endorphins"),
    ("Endorfins", "endorphins"),     # a typo
    ("SEROTONIN", "serotonin"),
    ("qi", "qi"),
    ("chi", "qi"),                   # a synonym
    ("dopamin", "adrenal_dopamine"),  # a word of the id and label, cut short
    ("nociception", "pain_signalling"),  # a synonym
    ("5HT", "serotonin"),            # '5-HT' spaced differently
])
def test_seed_graph_best_match(kg: MechGraph, text: str, first: str) -> None:
    found = search(kg.nodes, text)
    assert found, f"nothing found for {text!r}"
    assert found[0].id == first, f"{text!r}: {[(m.id, m.score) for m in found]}"


def test_seed_graph_exact_matches_score_100(kg: MechGraph) -> None:
    assert search(kg.nodes, "SEROTONIN")[0].score == 100
    assert search(kg.nodes, "qi")[0] == Match("qi", kg.nodes["qi"].label, 100.0, "qi", "id")
    chi = search(kg.nodes, "chi")[0]
    assert (chi.score, chi.matched, chi.field) == (100.0, "chi", "synonym")
    noci = search(kg.nodes, "nociception")[0]
    assert (noci.matched, noci.field) == ("nociception", "synonym")


def test_seed_graph_back_pain(kg: MechGraph) -> None:
    assert "chronic_low_back_pain" in ids(search(kg.nodes, "back pain"))[:2]


def test_seed_graph_nonsense_finds_nothing(kg: MechGraph) -> None:
    assert search(kg.nodes, "zzzzqqq") == []


def test_every_name_in_the_seed_graph_finds_its_node(kg: MechGraph) -> None:
    for n in kg.nodes.values():
        for text in (n.id, n.label, *n.synonyms):
            exact = [m.id for m in search(kg.nodes, text, limit=50) if m.score == 100]
            assert n.id in exact, f"searching {text!r} does not find node '{n.id}' exactly"


# Folding: case, accents, punctuation


def test_accents_either_way() -> None:
    plain = by_id(node("cafe_node", "Cafe node"))
    accented = by_id(node("cafe_node", "Café node"))
    assert ids(search(plain, "café")) == ["cafe_node"]
    assert ids(search(accented, "cafe")) == ["cafe_node"]
    assert search(accented, "CAFE NODE")[0].score == 100
    assert search(plain, "Café Node")[0].score == 100


def test_underscores_and_spaces() -> None:
    nodes = by_id(node("chronic_low_back_pain", "CLBP"))
    [match] = search(nodes, "low back")
    assert (match.id, match.field, match.matched) == ("chronic_low_back_pain", "id",
                                                       "chronic_low_back_pain")
    assert 90 <= match.score < 100
    assert search(nodes, "Chronic-Low/Back (Pain)")[0].score == 100


def fold_reference(text: str) -> str:
    """The folding rule as the brief words it, one text and one letter at a time."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c)).casefold()
    text = "".join(f" {GREEK[c]} " if c in GREEK else LETTERS.get(c, c)
                   for c in text if c not in APOSTROPHES)
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


@given(st.lists(st.text()))
def test_fold_all_folds_each_text_by_the_rule(texts: list[str]) -> None:
    assert fold_all(texts) == [fold_reference(t) for t in texts]


@given(st.lists(st.text(alphabet=st.characters(max_codepoint=127))))
def test_fold_all_ascii_fast_path(texts: list[str]) -> None:
    assert fold_all(texts) == [fold_reference(t) for t in texts]


def test_fold_examples() -> None:
    assert fold("  Mu-Opioid / 5-HT\t(receptor)_x ") == "mu opioid 5 ht receptor x"
    assert fold("Naïve ÉCOLE") == "naive ecole"
    assert fold_all(["a\x00b", "C"]) == ["a b", "c"]


# Ranking


def test_exact_beats_prefix_beats_fuzzy() -> None:
    nodes = by_id(node("sera", "Sera"), node("serotonin", "Serotonin"), node("sero", "Sero"))
    found = search(nodes, "sero")
    assert ids(found) == ["sero", "serotonin", "sera"]
    exact, prefix, fuzzy = (m.score for m in found)
    assert exact == 100
    assert 90 <= prefix < 100
    assert 60 <= fuzzy < 90


def test_prefix_of_a_word_beats_a_closer_fuzzy_match() -> None:
    nodes = by_id(node("endorphins", "Endorphins"), node("enda", "Enda"),
                  node("pain", "Chronic low back pain"), node("bach", "Bach"))
    assert ids(search(nodes, "endo"))[0] == "endorphins"
    assert ids(search(nodes, "back"))[0] == "pain"


def test_prefix_at_the_start_beats_prefix_of_a_later_word() -> None:
    nodes = by_id(node("low_back_pain", "Chronic pain of the back"),
                  node("pain_signalling", "Pain signalling"))
    assert ids(search(nodes, "pain")) == ["pain_signalling", "low_back_pain"]


def test_typos() -> None:
    nodes = by_id(node("acupuncture", "Acupuncture"), node("inflammation", "Inflammation"))
    assert ids(search(nodes, "acupunture")) == ["acupuncture"]
    assert ids(search(nodes, "inflamation")) == ["inflammation"]


def test_one_match_per_node_reporting_its_best_field() -> None:
    nodes = by_id(node("serotonin", "Serotonin", "serotonin hormone", "5-HT"),
                  node("dopamine", "Dopamine", "sero-like"))
    found = search(nodes, "serotonin")
    assert ids(found) == ["serotonin"]
    # id and label tie at 100: the label is reported, as it reads best
    assert (found[0].field, found[0].matched) == ("label", "Serotonin")
    assert search(nodes, "5 ht")[0].field == "synonym"


def test_ties_are_broken_by_label_length_then_id_whatever_the_order_of_nodes() -> None:
    nodes = [node("z_short", "Short", "alpha"), node("b_long", "A longer label", "alpha"),
             node("a_long", "A longer label", "alpha")]
    expected = ["z_short", "a_long", "b_long"]
    assert ids(search(by_id(*nodes), "alpha")) == expected
    assert ids(search(by_id(*reversed(nodes)), "alpha")) == expected
    assert {m.score for m in search(by_id(*nodes), "alpha")} == {100.0}


def test_scores_never_increase_down_the_list(kg: MechGraph) -> None:
    for text in ("pain", "endo", "opioid", "back pain", "inflamation", "a"):
        scores = [m.score for m in search(kg.nodes, text, limit=50, min_score=0)]
        assert scores == sorted(scores, reverse=True), text


# limit, min_score, blank text


def test_limit() -> None:
    nodes = by_id(*(node(f"pain_{i}", f"Pain {i}") for i in range(30)))
    assert len(search(nodes, "pain")) == 10
    assert len(search(nodes, "pain", limit=3)) == 3
    assert len(search(nodes, "pain", limit=100)) == 30
    with pytest.raises(ValueError, match="limit must be at least 1"):
        search(nodes, "pain", limit=0)


def test_min_score(kg: MechGraph) -> None:
    for min_score in (0, 60, 80, 90):
        found = search(kg.nodes, "endo", limit=50, min_score=min_score)
        assert found, min_score
        assert all(m.score >= min_score for m in found)
    assert len(search(kg.nodes, "endo", limit=50, min_score=0)) > len(
        search(kg.nodes, "endo", limit=50))
    assert search(kg.nodes, "endo", min_score=100) == []
    assert ids(search(kg.nodes, "chi", min_score=100)) == ["qi"]


@pytest.mark.parametrize("text", ["", "   ", "\t\n", "--_()"])
def test_blank_text_finds_nothing(kg: MechGraph, text: str) -> None:
    assert search(kg.nodes, text) == []


def test_no_nodes() -> None:
    assert search({}, "pain") == []


def test_to_dict_is_the_json_shape() -> None:
    match = search(by_id(node("qi", "Qi", "chi")), "Chi")[0]
    assert match.to_dict() == {"id": "qi", "label": "Qi", "module": None, "score": 100.0,
                               "matched": "chi", "field": "synonym"}
    assert list(match.to_dict()) == ["id", "label", "module", "score", "matched", "field"]
    assert json.loads(json.dumps(match.to_dict())) == match.to_dict()
