"""The pydantic models of the graph format: nodes, edges, evidence, references.

Every model forbids unknown keys (``evidnce:`` is an error, never silently
ignored) and is strict about types: ``year: "2004"`` is an error, not a
conversion. The vocabularies come from :mod:`mechgraph.vocab`. ``docs/format.md``
describes the same fields for curators; ``docs/mechgraph.schema.json`` is generated
from these models (``mechgraph schema``).

Examples
--------
>>> ref = Reference(title="Acupuncture and endorphins", year=2004,
...                 design="narrative-review", subjects="animal", pmid=15135942)
>>> ref.pmid, ref.level
('15135942', 'preclinical')
>>> Node(id="endorphins", label="Endorphins", kind="mediatr")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Node
kind
  Input should be 'treatment', 'mediator', 'process', 'condition', 'outcome', ...
"""

from __future__ import annotations

import difflib
import re
from functools import cache
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from mechgraph.keys import EdgeKey
from mechgraph.text import describe_value
from mechgraph.vocab import (
    EVIDENCE_LEVELS,
    Comparison,
    Design,
    Effect,
    EvidenceLevel,
    Framework,
    NodeKind,
    OverallEffect,
    Quantifier,
    Relation,
    SourceKind,
    Stance,
    Subjects,
    design_level,
)

__all__ = [
    "EXPECTATION_NODE_FIELDS",
    "REFERENCE_IDENTIFIERS",
    "Citation",
    "Claim",
    "Edge",
    "EdgeRef",
    "Evidence",
    "Expectation",
    "GraphFile",
    "Node",
    "Reference",
    "SourceText",
    "StrictModel",
    "required_fields",
]

SLUG_RE = re.compile(r"^[a-z][a-z0-9_]*$")
CURIE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*:\S+$")
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
PMID_RE = re.compile(r"^[1-9]\d{0,8}$")


def slug_problem(value: str) -> str:
    """Why ``value`` is not a valid id, with a suggestion.

    Examples
    --------
    >>> print(slug_problem("Chronic Pain"))  # doctest: +NORMALIZE_WHITESPACE
    'Chronic Pain' is not a valid id: use a lower-case letter, then lower-case letters,
    digits or '_' (e.g. 'chronic_pain')
    """
    try:
        _slug(value)
    except ValueError as exc:
        return str(exc)
    return ""


def _slug(value: str) -> str:
    if not SLUG_RE.match(value):
        suggestion = re.sub(r"[^a-z0-9_]+", "_", value.strip().lower()).strip("_")
        if suggestion and not suggestion[0].isalpha():
            suggestion = "n_" + suggestion
        hint = f" (e.g. '{suggestion}')" if suggestion else ""
        raise ValueError(f"'{value}' is not a valid id: use a lower-case letter, then "
                         f"lower-case letters, digits or '_'{hint}")
    return value


def _curie(value: str) -> str:
    if not CURIE_RE.match(value):
        raise ValueError(f"'{value}' is not a CURIE: write PREFIX:ID, e.g. 'MESH:D004723'")
    return value


def _doi(value: str) -> str:
    bare = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.I)
    if bare != value and DOI_RE.match(bare):
        raise ValueError(f"write the bare DOI '{bare}', without the link or 'doi:' prefix")
    if not DOI_RE.match(value):
        raise ValueError(f"'{value}' is not a DOI: a DOI looks like '10.1016/j.pain.2017.11.005'")
    return value


def _pmid(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and not PMID_RE.match(value):
        bare = re.sub(r"^\s*pmid\s*:?\s*", "", value, flags=re.I)
        if bare != value and PMID_RE.match(bare):
            raise ValueError(f"write just the number: {bare}")
        raise ValueError(f"'{value}' is not a PMID: a PMID is a number such as 15135942")
    return value


def _year(value: Any) -> Any:
    if value == "unknown":
        return value
    if isinstance(value, str):
        if value.strip().isdigit():
            hint = f"write it as a number, without quotes: {value.strip()}"
        elif value.strip().lower() == "unknown" or difflib.get_close_matches(
                value.strip().lower(), ["unknown"], cutoff=0.7):
            hint = "did you mean 'unknown'?"
        else:
            hint = "write 'unknown' if the source gives no year"
        raise ValueError(f"expected a whole number, got text ('{value}'); {hint}")
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"expected a whole number, got {describe_value(value)}")
    if not 1800 <= value <= 2100:
        raise ValueError(f"{value} is out of range: a year from 1800 to 2100, or 'unknown'")
    return value


def _url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"'{value}' is not an http(s) link: only http:// and https:// "
                         "links are allowed")
    if not parts.netloc or any(c.isspace() for c in value):
        raise ValueError(f"'{value}' is not a valid link")
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _pattern(regex: re.Pattern[str]) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "pattern": regex.pattern})


Slug = Annotated[str, StringConstraints(pattern=SLUG_RE.pattern)]
"""An id or key; checked by pydantic-core's regex (fast), worded by :func:`slug_problem`."""
Text = Annotated[str, AfterValidator(_text), WithJsonSchema({"type": "string", "minLength": 1})]
Year = Annotated[int | str, BeforeValidator(_year), WithJsonSchema(
    {"oneOf": [{"type": "integer", "minimum": 1800, "maximum": 2100},
               {"const": "unknown"}]})]
"""A year of publication, or ``unknown`` when the source does not give one."""
Curie = Annotated[str, AfterValidator(_curie), _pattern(CURIE_RE)]
Doi = Annotated[str, AfterValidator(_doi), _pattern(DOI_RE)]
Pmid = Annotated[str, BeforeValidator(_pmid), WithJsonSchema(
    {"anyOf": [{"type": "string", "pattern": PMID_RE.pattern},
               {"type": "integer", "minimum": 1}]})]
Url = Annotated[str, AfterValidator(_url), WithJsonSchema(
    {"type": "string", "format": "uri", "pattern": "^https?://"})]


class StrictModel(BaseModel):
    """Base of every model: unknown keys and loose types are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Evidence(StrictModel):
    """What one reference says about one edge (or, on a node, about the node)."""

    ref: Slug = Field(title="Reference", description="Key of a reference in any file.")
    stance: Stance = Field(title="Stance",
                           description="Whether the study supports the edge, supports only "
                                       "part of it (partial: at most 'low'), refutes it, or "
                                       "is inconclusive.")
    finding: Text = Field(title="Finding", description="One sentence: what the study showed "
                          "about this edge, never more.")
    comparison: Comparison | None = Field(
        None, title="Comparison",
        description="For clinical evidence: what the treatment was compared with.")
    quote: Text | None = Field(
        None, title="Quote",
        description="The reference's own words that back the finding (a sentence of its "
                    "abstract, say), verbatim, as the source quoted them.")


class Node(StrictModel):
    """Something in the mechanism: a treatment, mediator, process, condition, outcome or
    concept."""

    id: Slug = Field(title="Id", description="Unique id across all files: a lower-case "
                     "letter, then lower-case letters, digits or '_' (chronic_low_back_pain).")
    label: Text = Field(title="Label", description="The name shown to readers.")
    kind: NodeKind = Field(title="Kind", description="What the node stands for.")
    framework: Framework = Field(
        "biomedical", title="Framework",
        description="'traditional' for ideas of traditional Chinese medicine (Qi, "
                    "meridians): shown as a traditional explanation, never as measured biology.")
    description: Text | None = Field(None, title="Description",
                                     description="Technical wording, for students.")
    plain: Text | None = Field(None, title="Plain wording",
                               description="Wording a patient understands (reading age ~12).")
    synonyms: list[Text] = Field(default_factory=list, title="Synonyms",
                                 description="Other names, used by search.")
    xrefs: list[Curie] = Field(default_factory=list, title="Cross-references",
                               description="Ids in other resources, as CURIEs "
                                           "('MESH:D004723').")
    module: Text | None = Field(
        None, title="Module",
        description="The group the node belongs to (a disorder, a drug's mechanism), shown "
                    "beside its label so that nodes with the same label can be told apart.")
    evidence: list[Evidence] = Field(
        default_factory=list, title="Evidence",
        description="Studies about the node itself (that this mechanism or phenotype is "
                    "seen in its module's disorder, say); they never grade an edge.")
    control: bool = Field(
        False, title="Control",
        description="For a treatment: a sham or placebo procedure used as the comparison in "
                    "trials, not a treatment offered to patients. 'compare' leaves it out "
                    "unless it is asked for by id.")

    @model_validator(mode="after")
    def _control_is_a_treatment(self) -> Node:
        if self.control and self.kind != "treatment":
            raise ValueError(f"'control: true' marks a sham or placebo treatment, but this "
                             f"node's kind is '{self.kind}'; remove 'control' or make the kind "
                             "'treatment'")
        return self


class Edge(StrictModel):
    """A typed, directed link from one node to another, with its evidence."""

    source: Slug = Field(title="Source", description="Id of the node the edge starts from.")
    target: Slug = Field(title="Target", description="Id of the node the edge points to; "
                         "an edge into a condition acts on its severity.")
    relation: Relation = Field(title="Relation", description="increases (+), decreases (-), "
                               "modulates (causal, sign unknown), associated_with (not causal).")
    definitional: bool = Field(
        False, title="Definitional",
        description="The link holds by definition and needs no study (e.g. pain signalling "
                    "increases a pain condition, whose severity is measured as felt pain). "
                    "Such an edge carries no evidence, 'claimed_by' or 'curated_in'; it is "
                    "graded 'definitional', never counted as support, and a pathway's grade "
                    "is that of its other links.")
    description: Text | None = Field(None, title="Description",
                                     description="Technical wording: the claim and its limits.")
    plain: Text | None = Field(None, title="Plain wording",
                               description="The link in words a patient understands.")
    evidence: list[Evidence] = Field(
        default_factory=list, title="Evidence",
        description="Studies for and against the edge. Required (at least one) unless the "
                    "edge touches a node of the traditional framework, is a 'claimed_by' "
                    "claim, is 'curated_in' a knowledge base or is 'definitional' (then "
                    "forbidden).")
    claimed_by: Text | None = Field(
        None, title="Claimed by",
        description="Who claims this link although no checked study supports it (e.g. 'the "
                    "source article'). Such an edge needs no evidence, is graded 'none' "
                    "unless evidence supports it, and explanations say it is untested.")
    curated_in: Text | None = Field(
        None, title="Curated in",
        description="The curated knowledge base that asserts this link without a study "
                    "attached to it (e.g. 'DrugMechDB', 'dismech'). Such an edge needs no "
                    "evidence, is graded 'ungraded' unless evidence supports it, is never "
                    "counted as support, and explanations say 'curated in <source>, no study "
                    "attached'.")

    @model_validator(mode="after")
    def _definitional_alone(self) -> Edge:
        if self.definitional:
            extra = [name for name in ("evidence", "claimed_by", "curated_in")
                     if getattr(self, name)]
            if extra:
                raise ValueError(
                    "an edge marked 'definitional: true' holds by definition and carries no "
                    + " or ".join(f"'{name}'" for name in extra) + "; remove "
                    + ("it" if len(extra) == 1 else "them")
                    + ", or remove 'definitional: true' if a study is needed to back the link")
        return self

    @property
    def key(self) -> EdgeKey:
        """The edge's identity: ``(source, target, relation)``."""
        return (self.source, self.target, self.relation)


class EdgeRef(StrictModel):
    """A claim's pointer to an edge of the graph, by its identity."""

    source: Slug = Field(title="Source", description="Id of the node the edge starts from.")
    target: Slug = Field(title="Target", description="Id of the node the edge points to.")
    relation: Relation = Field(title="Relation", description="The edge's relation.")

    @property
    def key(self) -> EdgeKey:
        """The edge's identity: ``(source, target, relation)``."""
        return (self.source, self.target, self.relation)


class Citation(StrictModel):
    """The study a source cites for a claim, and whether a checked reference matches it."""

    described_as: Text = Field(
        title="Described as",
        description="The study as the source describes it, e.g. 'a 2015 meta-analysis in the "
                    "Journal of Pain'.")
    found: bool = Field(title="Found",
                        description="Whether a checked reference matches what the source cites.")
    ref: Slug | None = Field(
        None, title="Reference",
        description="When found: the key of the checked reference it matches.")
    closest: Slug | None = Field(
        None, title="Closest",
        description="When not found: the key of the closest checked reference, if any.")
    differs: Text | None = Field(
        None, title="How it differs",
        description="When not found: how the closest checked reference differs from what "
                    "the source describes (year, journal, result).")

    @model_validator(mode="after")
    def _consistent(self) -> Citation:
        if self.found and self.ref is None:
            raise ValueError("a citation with 'found: true' needs 'ref', the key of the "
                             "checked reference it matches")
        if self.found and (self.closest or self.differs):
            raise ValueError("'closest' and 'differs' are for a citation that was not found; "
                             "with 'found: true' name the match in 'ref'")
        if not self.found and self.ref is not None:
            raise ValueError("'ref' names a match, but 'found' is false: write the key as "
                             "'closest' (and how it differs in 'differs'), or set 'found: "
                             "true'")
        return self


class Claim(StrictModel):
    """One claim a source text makes, and the links of the graph it asserts."""

    id: Slug = Field(title="Id", description="Unique within its source: a lower-case letter, "
                     "then lower-case letters, digits or '_'.")
    says: Text = Field(title="Says", description="The claim in the editor's own words (quote "
                       "the source only briefly, in 'where').")
    where: Text = Field(title="Where", description="Where in the source the claim stands "
                        "('Mechanism 1, first paragraph').")
    edges: list[EdgeRef] = Field(
        default_factory=list, title="Edges",
        description="The links the claim asserts, each an edge of the graph (an untested "
                    "link is an edge with 'claimed_by'). A claim that names none is outside "
                    "the graph. Several edges are a chain: the claim is as strong as its "
                    "weakest link.")
    cites: Citation | None = Field(None, title="Cites",
                                   description="The study the source cites for this claim.")
    note: Text | None = Field(None, title="Note",
                              description="The editor's remark for readers: what the graph "
                                          "does or does not hold about this claim.")


class SourceText(StrictModel):
    """A text that makes claims (a web page, a leaflet): never evidence itself."""

    title: Text = Field(title="Title", description="The text's title.")
    kind: SourceKind = Field(title="Kind", description="What sort of text it is.")
    publisher: Text | None = Field(None, title="Publisher", description="Who published it.")
    url: Url | None = Field(None, title="URL", description="An http(s) link to the text.")
    accessed: Text | None = Field(None, title="Accessed",
                                  description="When it was read, as text ('2026-12-07', "
                                              "quoted).")
    note: Text | None = Field(None, title="Note", description="A remark for readers.")
    claims: list[Claim] = Field(default_factory=list, title="Claims",
                                description="What the text claims, in its order.")


EXPECTATION_NODE_FIELDS: tuple[str, ...] = ("source", "target", "through", "avoiding")
"""The fields of an :class:`Expectation` that name nodes (``through`` and ``avoiding`` are
lists): the cross-file check and ``rename node`` read them from here."""
PATHWAY_CONDITIONS: tuple[str, ...] = ("effect", "min_level", "max_level", "through",
                                       "avoiding", "contested", "framework", "graded")
"""The fields of an :class:`Expectation` that say what its pathways are like."""


class Expectation(StrictModel):
    """A statement the graph's answers must keep: about the pathways from ``source`` to
    ``target`` that ``mechgraph paths`` lists, or the overall effect it states.

    ``pathways: some`` (the default): at least one pathway meets every condition;
    ``none``: no pathway does; ``every``: there is a pathway of at least ``min_level``,
    and every such pathway meets the other conditions. See docs/format.md.
    """

    id: Slug = Field(title="Id", description="Unique across all files; named in failures.")
    note: Text = Field(title="Note", description="Why it must hold (the study or the "
                       "reasoning behind it), for the editor whose edit breaks it.")
    source: Slug = Field(title="Source", description="Id of the node pathways start from.")
    target: Slug = Field(title="Target", description="Id of the node pathways end at.")
    overall: OverallEffect | None = Field(
        None, title="Overall effect",
        description="The overall effect of source on target must be this.")
    pathways: Quantifier | None = Field(
        None, title="Pathways",
        description="some (default): at least one pathway meets the conditions; none: no "
                    "pathway does; every: every pathway of at least 'min_level' does.")
    max_length: int | None = Field(None, ge=1, le=12, title="Maximum length",
                                   description="The most links on a pathway (default 6, as "
                                               "for 'mechgraph paths').")
    effect: Effect | None = Field(None, title="Effect",
                                  description="The pathway's net effect.")
    min_level: EvidenceLevel | None = Field(
        None, title="Minimum level",
        description="The pathway's weakest link is at least this level (an ungraded link "
                    "is below 'none'); with 'every', which pathways are meant.")
    max_level: EvidenceLevel | None = Field(
        None, title="Maximum level", description="The pathway's weakest link is at most "
                                                 "this level.")
    through: list[Slug] = Field(default_factory=list, title="Through",
                                description="Nodes the pathway passes through, all of them.")
    avoiding: list[Slug] = Field(default_factory=list, title="Avoiding",
                                 description="Nodes the pathway does not pass through.")
    contested: bool | None = Field(None, title="Contested",
                                   description="Whether a link of the pathway is contested.")
    framework: Framework | None = Field(
        None, title="Framework",
        description="traditional: the pathway crosses the traditional framework; "
                    "biomedical: it does not.")
    graded: bool | None = Field(
        None, title="Graded",
        description="Whether the pathway's weakest link has an evidence level (false: it "
                    "is ungraded, as a traditional or curated link is).")

    @model_validator(mode="after")
    def _consistent(self) -> Expectation:
        if self.source == self.target:
            raise ValueError(f"source and target are the same node ('{self.source}'); an "
                             "expectation is about the pathways between two nodes")
        both = sorted(set(self.through) & set(self.avoiding))
        if both:
            raise ValueError(f"'{both[0]}' is both in 'through' and in 'avoiding'; keep it "
                             "in one of them")
        low, high = self.min_level, self.max_level
        if low and high and EVIDENCE_LEVELS.index(low) < EVIDENCE_LEVELS.index(high):
            raise ValueError(f"min_level '{low}' is above max_level '{high}': no pathway can "
                             "meet both")
        return self

    @property
    def quantifier(self) -> str | None:
        """``some``, ``every`` or ``none``; ``None`` when only the overall effect is
        expected."""
        if self.pathways is not None:
            return self.pathways
        if self.overall is not None and not self.conditions:
            return None
        return "some"

    @property
    def conditions(self) -> dict[str, Any]:
        """The pathway conditions given, by field name (:data:`PATHWAY_CONDITIONS`)."""
        return {name: getattr(self, name) for name in PATHWAY_CONDITIONS
                if getattr(self, name) not in (None, [])}


REFERENCE_IDENTIFIERS: tuple[str, ...] = ("doi", "pmid", "url")
"""A reference needs at least one of these fields, so that a reader can open it."""


class Reference(StrictModel):
    """A publication cited as evidence. At least one of ``doi``, ``pmid``, ``url``."""

    title: Text | None = Field(None, title="Title",
                               description="The publication's title; may be left out, since "
                                           "an identifier opens the reference.")
    authors: Text | None = Field(None, title="Authors",
                                 description="First author(s), e.g. 'Han JS' or 'Vickers AJ, "
                                             "et al.'.")
    year: Year = Field(title="Year", description="Year of publication, or 'unknown' when the "
                       "source does not say (never a guess).")
    journal: Text | None = Field(None, title="Journal",
                                 description="Journal, volume and pages.")
    design: Design = Field(title="Design", description="The study design; sets the evidence "
                           "level the reference can give (see docs/format.md).")
    subjects: Subjects = Field(
        "human", title="Subjects",
        description="Who or what was studied (for a review: in the studies reviewed). Work in "
                    "animals or cells gives at most preclinical evidence.")
    doi: Doi | None = Field(None, title="DOI", description="The bare DOI: '10.1016/...'.")
    pmid: Pmid | None = Field(None, title="PMID", description="The PubMed id, a number.")
    url: Url | None = Field(None, title="URL", description="An http(s) link to the text.")
    note: Text | None = Field(None, title="Note",
                              description="A caveat for readers, e.g. 'An opinion piece.'.")

    @model_validator(mode="after")
    def _has_link(self) -> Reference:
        if not any(getattr(self, name) for name in REFERENCE_IDENTIFIERS):
            raise ValueError("a reference needs at least one of 'doi', 'pmid' or 'url', so "
                             "that a reader can open it")
        return self

    @property
    def level(self) -> str:
        """The best evidence level this reference can give (see :mod:`mechgraph.vocab`)."""
        return design_level(self.design, self.subjects)

    @property
    def links(self) -> dict[str, str]:
        """The old name of :attr:`urls` ("link" means an edge in mechgraph's words)."""
        return self.urls

    @property
    def urls(self) -> dict[str, str]:
        """The addresses a reader can open, DOI first:
        ``{"doi": ..., "pubmed": ..., "url": ...}``."""
        out = {}
        if self.doi:
            out["doi"] = f"https://doi.org/{self.doi}"
        if self.pmid:
            out["pubmed"] = f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        if self.url and self.url.rstrip("/") not in (u.rstrip("/") for u in out.values()):
            out["url"] = self.url
        return out


class GraphFile(StrictModel):
    """One YAML file of the graph: any of its five sections, each optional."""

    model_config = ConfigDict(title="mechgraph graph file")

    nodes: list[Node] = Field(default_factory=list, title="Nodes")
    edges: list[Edge] = Field(default_factory=list, title="Edges")
    references: dict[Slug, Reference] = Field(
        default_factory=dict, title="References", description="Publications, by citation key.",
        json_schema_extra={"additionalProperties": False})
    sources: dict[Slug, SourceText] = Field(
        default_factory=dict, title="Sources",
        description="Texts that make claims (a clinic web page, a leaflet), by key; each "
                    "claim points at edges of the graph, and its verdict is derived from "
                    "their evidence. A source is never evidence.",
        json_schema_extra={"additionalProperties": False})
    expectations: list[Expectation] = Field(
        default_factory=list, title="Expectations",
        description="Statements the graph's answers must keep (checked by 'mechgraph "
                    "check'; an edit that breaks one is warned about).")


@cache
def required_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields an item of ``model`` must have, in the model's order.

    Every form that asks for an item (``mechgraph add``, the app's editor) takes them from
    here, so they cannot disagree with the format.

    Examples
    --------
    >>> required_fields(Node)
    ('id', 'label', 'kind')
    >>> required_fields(Edge), required_fields(Evidence)
    (('source', 'target', 'relation'), ('ref', 'stance', 'finding'))
    >>> required_fields(Reference)  # and one of REFERENCE_IDENTIFIERS
    ('year', 'design')
    """
    return tuple(name for name, info in model.model_fields.items() if info.is_required())
