"""Reading dismech's files for :mod:`mechgraph.importers.dismech`: the disorder files
(checked to be dismech disorders, every problem at once), the bibliographic data of its
``references_cache``, and the text helpers that make stable ids from names.

Examples
--------
>>> slug("Alpha-Synuclein Aggregation and Lewy Body Formation", 40)
'alpha_synuclein_aggregation_and_lewy'
>>> node_id("pd", "Neuroinflammation")
'pd__neuroinflammation'
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mechgraph.importers.common import ImportReport, SourceError
from mechgraph.model import DOI_RE
from mechgraph.source import LOADER

__all__ = [
    "ID_PART_LIMIT",
    "LOADER",
    "NODE_KEYS",
    "STOP_WORDS",
    "Ref",
    "add_edge",
    "as_list",
    "as_text",
    "cache_folder",
    "cached",
    "disorder_files",
    "loose",
    "node_id",
    "not_a_disorder",
    "ordered_node",
    "read_all",
    "slug",
    "term_curie",
    "unique",
]


STOP_WORDS = frozenset({"a", "an", "and", "by", "for", "from", "in", "of", "on", "or", "the",
                        "to", "via", "with"})
"""Words an id cut short must not end with."""

ID_PART_LIMIT = 40
"""The longest a mechanism's or phenotype's part of an id may be (cut on a word)."""


def disorder_files(source: Path, report: ImportReport) -> list[Path]:
    if not source.exists():
        raise SourceError(f"'{source}' does not exist; give dismech's kb/disorders folder "
                          "or one disorder file")
    if source.is_file():
        if source.name.endswith(".history.yaml"):
            raise SourceError(f"'{source}' is a dismech history file, not a disorder file")
        return [source]
    history = sorted(source.glob("*.history.yaml"))
    paths = sorted(p for p in source.glob("*.yaml") if not p.name.endswith(".history.yaml"))
    if not paths:
        raise SourceError(f"'{source}' holds no disorder file (*.yaml); give dismech's "
                          "kb/disorders folder")
    if history:
        report.notes.append(f"{len(history):,} history files (*.history.yaml) skipped: "
                            "they record edits, not disorders")
    return paths


def read_all(paths: list[Path]) -> list[tuple[Path, dict[str, Any]]]:
    """Every file read and checked to be a dismech disorder; all problems at once."""
    read: list[tuple[Path, dict[str, Any]]] = []
    problems: list[str] = []
    for path in paths:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"'{path}' cannot be read: {exc}")
            continue
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
            what = getattr(exc, "problem", None) or "syntax error"
            problems.append(f"'{path}' is not valid YAML: {where}{what}")
            continue
        why = not_a_disorder(data)
        if why:
            problems.append(f"'{path}' is not a dismech disorder file: {why}")
        else:
            read.append((path, data))
    if problems:
        more = (f"\n... and {len(problems) - 10} more" if len(problems) > 10 else "")
        raise SourceError("\n".join(problems[:10]) + more)
    return read


def not_a_disorder(data: Any) -> str:
    """Why ``data`` is not a dismech disorder (empty when it is one)."""
    if not isinstance(data, dict):
        return f"it holds a {type(data).__name__}, not a mapping with 'name' and sections"
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        return "it has no 'name' (the disorder's name)"
    if not any(key in data for key in ("pathophysiology", "phenotypes", "disease_term")):
        return "it has none of 'pathophysiology', 'phenotypes' or 'disease_term'"
    for section in ("pathophysiology", "phenotypes"):
        items = data.get(section)
        if items is None:
            continue
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            return f"'{section}' is not a list of entries"
    return ""


@dataclass
class Ref:
    """One publication cited by dismech, and who its citations say was studied."""

    key: str
    pmid: str | None = None
    doi: str | None = None
    sources: Counter[str] = field(default_factory=Counter)
    cited: bool = False
    evidence: list[dict[str, Any]] = field(default_factory=list)
    """The evidence items that cite it (their ``ref`` is rewritten if it is merged)."""


def cache_folder(source: Path, report: ImportReport) -> Path | None:
    """dismech's ``references_cache`` folder, when ``source`` is (in) a dismech checkout's
    ``kb/disorders``: the bibliographic data dismech's reference validator fetched from
    PubMed for the references it checked."""
    folder = source if source.is_dir() else source.parent
    cache = folder.resolve().parent.parent / "references_cache"
    if folder.resolve().parent.name == "kb" and cache.is_dir():
        report.notes.append(f"titles, authors, journals, years and DOIs of references from "
                            f"dismech's references_cache ({cache})")
        return cache
    report.notes.append("no dismech references_cache beside kb/ (the folder two levels "
                        "above the disorder files): references keep only their PMID or DOI")
    return None


def cached(cache: Path, ref: Ref) -> dict[str, Any]:
    """What dismech's ``references_cache`` says about ``ref`` (empty when nothing usable).

    A cache entry is a Markdown file, ``PMID_<n>.md`` or ``DOI_<doi, '/' as '_'>.md``,
    whose YAML front matter gives ``reference_id``, ``title``, ``authors``, ``journal``,
    ``year`` and ``doi``; only an entry whose ``reference_id`` is this reference is used,
    and only values of the right form (a year from 1800 to 2100, a valid DOI).
    """
    ident = f"PMID:{ref.pmid}" if ref.pmid else f"DOI:{ref.doi}"
    name = f"PMID_{ref.pmid}.md" if ref.pmid else f"DOI_{(ref.doi or '').replace('/', '_')}.md"
    try:
        text = (cache / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    match = re.match(r"\A---\n(.*?)\n---\s*$", text, re.S | re.M)
    try:
        meta = yaml.load(match.group(1), Loader=LOADER) if match else None
    except yaml.YAMLError:
        meta = None
    if not isinstance(meta, dict) or str(meta.get("reference_id", "")).lower() != ident.lower():
        return {}
    out: dict[str, Any] = {}
    if as_text(meta.get("title")):
        out["title"] = as_text(meta["title"])
    authors = [a for a in (as_text(x) for x in as_list(meta.get("authors"))) if a]
    if authors:
        out["authors"] = authors[0] + (", et al." if len(authors) > 1 else "")
    if as_text(meta.get("journal")):
        out["journal"] = as_text(meta["journal"])
    year = as_text(meta.get("year"))
    if year and year.isdigit() and 1800 <= int(year) <= 2100:
        out["year"] = int(year)
    doi = as_text(meta.get("doi"))
    if doi and DOI_RE.match(doi):
        out["doi"] = doi
    return out


def term_curie(descriptor: Any) -> str | None:
    """The CURIE of a dismech term descriptor (``{term: {id: HP:...}}``), if any."""
    if not isinstance(descriptor, dict):
        return None
    term = descriptor.get("term")
    ident = term.get("id") if isinstance(term, dict) else None
    if isinstance(ident, str) and re.match(r"^[A-Za-z][A-Za-z0-9_.-]*:\S+$", ident.strip()):
        return ident.strip()
    return None


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty list (a lone value is not a list here)."""
    return value if isinstance(value, list) else []


def as_text(value: Any) -> str | None:
    """``value`` as stripped text, or None when it is missing or empty."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def loose(name: str) -> str:
    """A name without case and punctuation, to match a link target written loosely."""
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def slug(text: str, limit: int | None = None) -> str:
    """``text`` as an id: lower-case words joined by ``_``, cut at ``limit`` on a word.

    Examples
    --------
    >>> slug("22q11.2_Deletion_Syndrome")
    'n_22q11_2_deletion_syndrome'
    >>> slug("Alpha-Synuclein Aggregation and Lewy Body Formation", 40)
    'alpha_synuclein_aggregation_and_lewy'
    """
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "item"
    if limit and len(slug) > limit:
        cut = slug[:limit + 1]
        words = (cut[:cut.rfind("_")] if "_" in cut else slug[:limit]).split("_")
        while len(words) > 1 and words[-1] in STOP_WORDS:
            words.pop()
        slug = "_".join(words)
    if not slug[0].isalpha():
        slug = "n_" + slug
    return slug


def node_id(prefix: str, label: str) -> str:
    return f"{prefix}__{slug(label, ID_PART_LIMIT)}"


def unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base_2``, ``base_3``... the first not in ``taken`` (then taken)."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}_{n}"
    taken.add(candidate)
    return candidate


NODE_KEYS = ("id", "label", "kind", "description", "synonyms", "xrefs", "module", "evidence")


def ordered_node(node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with its keys in the model's order (the canonical form), in place."""
    items = [(k, node[k]) for k in NODE_KEYS if k in node]
    node.clear()
    node.update(items)
    return node


def add_edge(edges: dict[tuple[str, str, str], dict[str, Any]], edge: dict[str, Any]) -> bool:
    """Add ``edge``, or merge it into the one with the same identity; True when added."""
    key = (edge["source"], edge["target"], edge["relation"])
    seen = edges.get(key)
    if seen is None:
        edges[key] = edge
        return True
    if edge.get("evidence"):
        seen.setdefault("evidence", []).extend(edge["evidence"])
        # keep the model's key order: evidence before curated_in
        seen["curated_in"] = seen.pop("curated_in")
    if edge.get("description") and edge["description"] != seen.get("description"):
        seen["description"] = (f"{seen['description']} {edge['description']}"
                               if seen.get("description") else edge["description"])
    return False
