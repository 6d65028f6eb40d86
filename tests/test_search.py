"""``search``: finding nodes by id, label, synonym or cross-reference on the seed graph, on
a graph shaped like the imported knowledge bases (``curated.py``) and on small graphs built
here, forgiving case, accents, Greek letters, punctuation and typos."""

from __future__ import annotations

import json
import re
import time
import unicodedata

import pytest
from conftest import GRAPH
from curated import write_curated_graph
from hypothesis import given
from hypothesis import strategies as st

from mechgraph import MechGraph, Node, load_graph
from mechgraph.model import NodeKind
from mechgraph.search import APOSTROPHES, GREEK, LETTERS, Match, fold, fold_all, search


@pytest.fixture(scope="module")
def kg() -> MechGraph:
    return load_graph(GRAPH)


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory) -> MechGraph:
    return load_graph(write_curated_graph(tmp_path_factory.mktemp("curated")))


def node(id: str, label: str, *synonyms: str, kind: NodeKind = "concept",
         xrefs: tuple[str, ...] = (), module: str | None = None) -> Node:
    return Node(id=id, label=label, kind=kind, synonyms=list(synonyms), xrefs=list(xrefs),
                module=module)


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
    ("dopamin", "brain_dopamine"),  # a word of the id and label, cut short (the shorter
    # label first: adrenal_dopamine, "Adrenal dopamine (immune-acting)", comes next)
    ("nociception", "pain_signalling"),  # a synonym
    ("5HT", "serotonin"),            # '5-HT' spaced differently
])
def test_seed_graph_best_match(kg: MechGraph, text: str, first: str) -> None:
    found = search(kg.nodes, text)
    assert found, f"nothing found for {text!r}"
    assert found[0].id == first, f"{text!r}: {[(m.id, m.score) for m in found]}"


def test_seed_graph_both_dopamines(kg: MechGraph) -> None:
    """The article's brain dopamine and the mouse studies' adrenal dopamine, both found."""
    assert ids(search(kg.nodes, "dopamin"))[:2] == ["brain_dopamine", "adrenal_dopamine"]


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


# Curated data: disorders, the mechanisms named after them, Greek letters, cross-references


@pytest.mark.parametrize("text", ["parkinsn", "Parkinsons", "parkinson", "parkinsons desease",
                                  "PARKINSON DISEASE", "parkinson’s"])
def test_the_disease_ranks_above_the_mechanisms_named_after_it(curated: MechGraph,
                                                              text: str) -> None:
    found = search(curated.nodes, text)
    assert found[0].id == "parkinsons_disease", [(m.id, m.score) for m in found]
    mechanisms = [m for m in found if m.id in ("pd_neuron_loss", "pd_mitochondria")]
    assert len(mechanisms) == 2, "the mechanisms are found too, below the disease"
    assert all(m.score < found[0].score for m in mechanisms)


def test_a_typo_of_a_disease_the_condition_first_then_mechanisms_by_closeness(
        curated: MechGraph) -> None:
    found = search(curated.nodes, "parkinsn")
    assert ids(found) == ["parkinsons_disease", "pd_neuron_loss", "pd_mitochondria",
                          "parkinsonism"]
    disease, loss, mitochondria, parkinsonism = (m.score for m in found)
    assert 93 <= disease < 95.5  # a condition's words, one with a typo
    assert 90 <= mitochondria < loss < 92.5  # another node's words; the label starting first
    assert parkinsonism < 90  # a fuzzy match only: "parkinsn" is not a typo of its word


def test_exact_and_whole_label_matches_rank_above_a_condition() -> None:
    nodes = by_id(node("fibrosis", "Fibrosis", kind="process"),
                  node("cystic_fibrosis", "Cystic fibrosis", kind="condition"),
                  node("liver_fibrosis", "Liver fibrosis", kind="process"))
    exact = search(nodes, "fibrosis")
    assert ids(exact) == ["fibrosis", "cystic_fibrosis", "liver_fibrosis"]
    assert exact[0].score == 100
    typo = search(nodes, "fibrosys")  # the whole label but for a typo, then the condition
    assert ids(typo) == ["fibrosis", "cystic_fibrosis", "liver_fibrosis"]
    assert 96 <= typo[0].score < 97.5
    assert 93 <= typo[1].score < 95.5 and 90 <= typo[2].score < 92.5


def test_a_condition_holding_the_words_exactly_ranks_above_a_typo_of_a_whole_label(
        curated: MechGraph) -> None:
    found = search(curated.nodes, "Parkinsons")
    assert ids(found)[:2] == ["parkinsons_disease", "parkinsonism"]  # two edits away
    assert 98 <= found[0].score < 99.5 and 96 <= found[1].score < 97.5
    assert ids(search(curated.nodes, "disease parkinsons"))[0] == "parkinsons_disease"


def test_equal_scores_a_condition_first() -> None:
    nodes = by_id(node("a_mechanism", "Asthma", kind="process"),
                  node("z_disease", "Asthma", kind="condition"))
    assert ids(search(nodes, "asthma")) == ["z_disease", "a_mechanism"]


def test_words_in_any_order_with_a_typo() -> None:
    nodes = by_id(node("loss", "Dopaminergic neuron loss", kind="process"),
                  node("neuron", "Neuron", kind="concept"))
    found = search(nodes, "neuron los dopaminergik")
    assert ids(found)[0] == "loss" and 90 <= found[0].score < 92.5


@pytest.mark.parametrize(("text", "first"), [
    ("alpha-synuclein", "alpha_synuclein"),  # the label is "α-synuclein"
    ("Alpha Synuclein", "alpha_synuclein"),
    ("α-synuclein", "alpha_synuclein"),
    ("Α-SYNUCLEIN", "alpha_synuclein"),  # a Greek capital
    ("TNF-α", "tnf_alpha"),  # the label is "TNF-alpha"
    ("tnfα", "tnf_alpha"),
    ("IL-1beta", "il1b"),  # the label is "IL-1β"
    ("IL1β", "il1b"),
    ("amyloid-β", "amyloid_beta"),  # the label is "Amyloid-beta"
    ("Sjogren", "sjogren_syndrome"),  # the label is "Sjögren syndrome"
    ("sjogren syndrom", "sjogren_syndrome"),
])
def test_greek_letters_and_accents_either_way(curated: MechGraph, text: str,
                                              first: str) -> None:
    found = search(curated.nodes, text)
    assert found and found[0].id == first, [(m.id, m.score) for m in found]


@pytest.mark.parametrize(("letter", "name"), list(GREEK.items()))
def test_each_greek_letter_is_its_name(letter: str, name: str) -> None:
    nodes = by_id(node("letter", f"{letter}-receptor"), node("name", f"{name}-agonist"))
    for text in (f"{name} receptor", f"{name.upper()}-RECEPTOR", f"{letter.upper()}-receptor",
                 f"{name}receptor"):
        assert search(nodes, text)[0] == Match("letter", f"{letter}-receptor", 100.0,
                                               f"{letter}-receptor", "label"), text
    assert search(nodes, f"{letter}-agonist")[0].id == "name"
    assert search(nodes, f"{letter.upper()} AGONIST")[0].score == 100


def test_the_micro_sign_and_greek_symbols() -> None:
    nodes = by_id(node("mu_opioid", "µ-opioid receptor"), node("theta", "ϑ rhythm"))
    assert search(nodes, "mu opioid receptor")[0].score == 100
    assert search(nodes, "μ-opioid receptor")[0].score == 100  # the Greek letter
    assert search(nodes, "theta rhythm")[0].id == "theta"


@pytest.mark.parametrize(("text", "first", "xref"), [
    ("MONDO:0005180", "parkinsons_disease", "MONDO:0005180"),
    ("mondo:0005180", "parkinsons_disease", "MONDO:0005180"),
    (" Mondo 0005180 ", "parkinsons_disease", "MONDO:0005180"),
    ("D010300", "parkinsons_disease", "MESH:D010300"),  # without the prefix
    ("mesh:d010300", "parkinsons_disease", "MESH:D010300"),
    ("HP:0001300", "parkinsonism", "HP:0001300"),
    ("drugbank:DB01235", "levodopa", "DRUGBANK:DB01235"),
    ("GO:0006954", "ad_neuroinflammation", "GO:0006954"),
])
def test_a_cross_reference_finds_its_node_first(curated: MechGraph, text: str, first: str,
                                                xref: str) -> None:
    found = search(curated.nodes, text)
    assert found[0] == Match(first, curated.nodes[first].label, 100.0, xref, "xref",
                             curated.nodes[first].module)


def test_a_cross_reference_ranks_above_a_label_that_holds_it() -> None:
    nodes = by_id(node("assay", "D010300 assay results"),
                  node("pd", "Parkinson disease", kind="condition", xrefs=("MESH:D010300",)))
    assert ids(search(nodes, "D010300")) == ["pd", "assay"]


def test_a_cross_reference_is_matched_only_exactly(curated: MechGraph) -> None:
    for text in ("MONDO:0005181", "MONDO:000518", "MONDO", "0005180x"):
        assert all(m.field != "xref" for m in search(curated.nodes, text, min_score=0)), text


def test_same_labels_in_different_modules_are_told_apart(curated: MechGraph) -> None:
    found = search(curated.nodes, "neuroinflammation")
    assert [(m.id, m.score, m.module) for m in found] == [
        ("ad_neuroinflammation", 100.0, "Alzheimer's disease"),
        ("pd_neuroinflammation", 100.0, "Parkinson's disease")]
    assert [m.name for m in found] == ["Neuroinflammation · Alzheimer's disease",
                                       "Neuroinflammation · Parkinson's disease"]
    assert found[1].to_dict() == {"id": "pd_neuroinflammation", "label": "Neuroinflammation",
                                  "module": "Parkinson's disease", "score": 100.0,
                                  "matched": "Neuroinflammation", "field": "label"}


def test_a_name_without_a_module_or_with_its_own_label_as_module_is_the_label(
        curated: MechGraph) -> None:
    [tnf] = search(curated.nodes, "TNF-alpha", limit=1)
    assert (tnf.module, tnf.name) == (None, "TNF-alpha")
    [disease] = search(curated.nodes, "Parkinson's disease", limit=1)
    assert (disease.module, disease.name) == ("Parkinson's disease", "Parkinson's disease")


def test_apostrophes_are_dropped_not_spaces() -> None:
    assert fold("Parkinson's") == fold("Parkinson’s") == fold("parkinsons") == "parkinsons"
    nodes = by_id(node("crohns", "Crohn's disease", kind="condition"))
    assert search(nodes, "crohns disease")[0].score == 100
    assert 96 <= search(nodes, "crohn disease")[0].score < 97.5  # the whole label, a typo


def test_fold_letters_without_accent_marks() -> None:
    assert [fold(t) for t in ("Bjørn", "Æther", "Łódź", "Œdema")] == [
        "bjorn", "aether", "lodz", "oedema"]


def test_search_on_many_nodes_stays_quick() -> None:
    words = ["inflammation", "dopamine", "α-synuclein", "Parkinson's", "disease", "loss",
             "neuron", "TNF-α", "microglia", "Sjögren", "stress", "receptor"]
    nodes = by_id(*(node(f"n{i}", " ".join(words[(i * k) % len(words)] for k in (1, 3, 7)),
                         kind="condition" if i % 7 == 0 else "process",
                         xrefs=(f"MONDO:{i:07d}",)) for i in range(10_000)))
    start = time.perf_counter()
    for text in ("parkinsn", "alpha synuclein", "MONDO:0001234", "neuro", "zzzz"):
        search(nodes, text)
    assert time.perf_counter() - start < 10  # about half a second on a loaded 2-core machine
