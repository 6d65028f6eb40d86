"""The Biolink mappings that the DrugMechDB and KGX importers share: Biolink classes to
node kinds, Biolink predicates to relations, and CURIEs to node ids.

DrugMechDB writes Biolink classes without the prefix (``Protein``) and predicates in words
(``decreases activity of``); KGX writes them as CURIEs (``biolink:Protein``,
``biolink:decreases_activity_of``). Both are read through the same two tables, so a class or
predicate means the same in both importers. ``docs/format.md`` ("Importing DrugMechDB",
"Importing KGX") shows the tables; a test checks that the two agree.

Examples
--------
>>> biolink_kind("Protein"), biolink_kind("biolink:Disease"), biolink_kind("Spaceship")
('mediator', 'condition', None)
>>> predicate_relation("decreases activity of"), predicate_relation("biolink:causes")
('decreases', 'increases')
>>> predicate_relation("located in"), predicate_relation("participates in")
('associated_with', 'modulates')
>>> curie_id("UniProt:P00519"), curie_id("REACT:R-HSA-2162123")
('uniprot_p00519', 'react_r_hsa_2162123')
>>> normal_curie("DB:DB00619"), normal_curie("UniProt:P00519")
('DRUGBANK:DB00619', 'UniProtKB:P00519')
"""

from __future__ import annotations

import re

__all__ = [
    "CLASS_KIND",
    "PREDICATE_RELATION",
    "PREFIX_NAMES",
    "UNMAPPED_PREDICATES",
    "biolink_kind",
    "curie_id",
    "normal_curie",
    "predicate_name",
    "predicate_relation",
]

CLASS_KIND: dict[str, str] = {
    # treatments
    "Drug": "treatment",
    "Procedure": "treatment",
    # diseases and their signs: edges into them act on their severity
    "Disease": "condition",
    "DiseaseOrPhenotypicFeature": "condition",
    "PhenotypicFeature": "condition",
    # measured results
    "ClinicalFinding": "outcome",
    # substances, their parts and what makes them
    "ChemicalSubstance": "mediator",
    "ChemicalEntity": "mediator",
    "SmallMolecule": "mediator",
    "MolecularEntity": "mediator",
    "MolecularMixture": "mediator",
    "Protein": "mediator",
    "Polypeptide": "mediator",
    "GeneFamily": "mediator",
    "Gene": "mediator",
    "GeneProduct": "mediator",
    "GeneOrGeneProduct": "mediator",
    "MacromolecularComplex": "mediator",
    "RNAProduct": "mediator",
    "Transcript": "mediator",
    # what happens
    "BiologicalProcess": "process",
    "BiologicalProcessOrActivity": "process",
    "MolecularActivity": "process",
    "Pathway": "process",
    "PhysiologicalProcess": "process",
    # places and organisms: the format has no kind for them (see docs/format.md)
    "AnatomicalEntity": "concept",
    "GrossAnatomicalStructure": "concept",
    "CellularComponent": "concept",
    "Cell": "concept",
    "OrganismTaxon": "concept",
    "NamedThing": "concept",
}
"""The node kind of each Biolink class (written without ``biolink:``). The format has no
kind for an anatomical place or an organism (a pathogen): they become ``concept``, and the
class is kept in the node's description."""

PREDICATE_RELATION: dict[str, str] = {
    # a stated sign: more of the source, more of the target
    "increases activity of": "increases",
    "increases abundance of": "increases",
    "increases expression of": "increases",
    "increases synthesis of": "increases",
    "increases secretion of": "increases",
    "increases stability of": "increases",
    "increases uptake of": "increases",
    "positively regulates": "increases",
    "causes": "increases",
    "contributes to": "increases",
    "exacerbates": "increases",
    "produces": "increases",
    "has output": "increases",
    "derives into": "increases",
    "has metabolite": "increases",  # the drug becomes the metabolite: more of it
    "increases transport of": "increases",
    "increases response to": "increases",
    "decreases degradation of": "increases",  # less breakdown: more of the target
    # a stated sign: more of the source, less of the target
    "decreases activity of": "decreases",
    "decreases abundance of": "decreases",
    "decreases expression of": "decreases",
    "decreases synthesis of": "decreases",
    "decreases secretion of": "decreases",
    "decreases uptake of": "decreases",
    "negatively regulates": "decreases",
    "treats": "decreases",
    "prevents": "decreases",
    "disrupts": "decreases",
    "ameliorates": "decreases",  # the disease or its sign lessens
    "increases degradation of": "decreases",  # more breakdown: less of the target
    "decreases response to": "decreases",
    # an effect of the source on the target, sign not stated
    "affects": "modulates",
    "affects activity of": "modulates",
    "affects uptake of": "modulates",
    "affects risk for": "modulates",
    "regulates": "modulates",
    "participates in": "modulates",
    "actively involved in": "modulates",
    "capable of": "modulates",
    "enables": "modulates",
    "has participant": "modulates",
    "has input": "modulates",
    "affects synthesis of": "modulates",
    # an effect on the interaction of two things, not on the target itself: its sign on
    # the target is not stated
    "decreases molecular interaction": "modulates",
    # no effect of the source on the target: seen together, a place, a part, an order
    "correlated with": "associated_with",
    "positively correlated with": "associated_with",
    "negatively correlated with": "associated_with",
    "associated with": "associated_with",
    "related to": "associated_with",
    "interacts with": "associated_with",
    "physically interacts with": "associated_with",
    "molecularly interacts with": "associated_with",
    "in complex with": "associated_with",
    "located in": "associated_with",
    "location of": "associated_with",
    "occurs in": "associated_with",
    "expressed in": "associated_with",
    "expresses": "associated_with",
    "in taxon": "associated_with",
    "part of": "associated_with",
    "has part": "associated_with",
    "precedes": "associated_with",
    "subclass of": "associated_with",
    "manifestation of": "associated_with",
    "has phenotype": "associated_with",
    "chemically similar to": "associated_with",
    # inverse predicates state an effect of the target on the source, which an edge from
    # the source to the target cannot carry: only the association is kept
    "affected by": "associated_with",
    "caused by": "associated_with",
    "produced by": "associated_with",
    "disrupted by": "associated_with",
    "enabled by": "associated_with",
    "derives from": "associated_with",
}
"""The relation of each Biolink predicate, in words. A predicate gives ``increases`` or
``decreases`` only when it states the sign ("causes": more of the cause, more of the
effect; "treats", "prevents": less of the disease); ``modulates`` when it states an effect
but not its sign ("participates in": the participant's activity acts on the process, in a
way the predicate does not say); ``associated_with`` when it states no effect of the source
on the target: a correlation (whose sign the format cannot carry), a place, a part, an
order in time ("precedes" is order, not cause), or an effect the other way round ("X
affected by Y" says that Y acts on X)."""

UNMAPPED_PREDICATES: dict[str, str] = {
    "contraindicated for": "a contraindication, not a mechanism (the format has no relation "
                           "for it)",
}
"""Predicates deliberately left unmapped, with why: a link with one is left out, counted."""

PREFIX_NAMES: dict[str, str] = {"DB": "DRUGBANK", "UniProt": "UniProtKB"}
"""CURIE prefixes written under their Biolink name in ``xrefs``: DrugMechDB writes
DrugBank ids as ``DB:DB00619`` and UniProt ids as ``UniProt:P00519``."""


def biolink_kind(category: str) -> str | None:
    """The node kind of a Biolink class (``Protein`` or ``biolink:Protein``), or ``None``
    if :data:`CLASS_KIND` does not have it."""
    return CLASS_KIND.get(category.removeprefix("biolink:").strip())


def predicate_name(predicate: str) -> str:
    """A Biolink predicate in words: ``biolink:decreases_activity_of`` ->
    ``decreases activity of``; words are kept as they are (lower case, single spaces)."""
    name = predicate.removeprefix("biolink:").replace("_", " ")
    return " ".join(name.split()).lower()


def predicate_relation(predicate: str) -> str | None:
    """The relation of a Biolink predicate (in words or as a CURIE), or ``None`` if
    :data:`PREDICATE_RELATION` does not have it."""
    return PREDICATE_RELATION.get(predicate_name(predicate))


def normal_curie(curie: str) -> str:
    """``curie`` with its prefix under its Biolink name (:data:`PREFIX_NAMES`)."""
    prefix, sep, local = curie.strip().partition(":")
    return f"{PREFIX_NAMES.get(prefix, prefix)}{sep}{local}" if sep else curie.strip()


def curie_id(curie: str) -> str:
    """A node id made from a CURIE, as it is written: lower case, every run of other
    characters than letters and digits as one ``_``, ``n_`` in front if it would not start
    with a letter. Stable (the same CURIE always gives the same id) and readable in a
    command (``mechgraph paths mesh_d000068877 mesh_d015464``)."""
    slug = re.sub(r"[^a-z0-9]+", "_", curie.strip().lower()).strip("_")
    return slug if slug[:1].isalpha() else f"n_{slug}"
