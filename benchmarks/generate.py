"""Generate a valid synthetic mechgraph folder of a given size, for benchmarks.

The output follows the graph format strictly (only known keys, valid slugs, every
edge endpoint and evidence ref defined, unique ``(source, target, relation)``,
evidence on every edge that does not touch a traditional node). Text is written
with plain string formatting rather than ``yaml.dump`` so 100k edges (~50 MB) take
a few seconds. The same ``seed`` always gives byte-identical files.

Usage::

    python benchmarks/generate.py OUT_DIR --edges 100000 [--files 20] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

__all__ = ["generate_graph"]

try:
    from mechgraph.vocab import COMPARISONS, DESIGNS, NODE_KINDS, RELATIONS, STANCES
except ImportError:  # run from a checkout without mechgraph installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from mechgraph.vocab import COMPARISONS, DESIGNS, NODE_KINDS, RELATIONS, STANCES

KINDS = NODE_KINDS
# Weights in the vocabularies' order (mechgraph.vocab).
_KIND_WEIGHT = dict(zip(("treatment", "mediator", "process", "condition", "outcome", "concept"),
                        (6, 30, 25, 12, 17, 10), strict=True))
RELATION_WEIGHTS = (35, 30, 20, 15)
_STANCE_WEIGHT = {"supports": 70, "refutes": 12, "inconclusive": 18}
_DESIGN_WEIGHT = dict(zip(DESIGNS[:12], (6, 7, 2, 25, 10, 14, 16, 8, 6, 3, 2, 1), strict=True))
# Values the format gained later (partial, unknown, adverse_effect, placebo) get no
# weight, so the generated graphs, and the benchmarks' figures, stay those of earlier runs.
STANCE_WEIGHTS = tuple(_STANCE_WEIGHT.get(s, 0) for s in STANCES)
DESIGN_WEIGHTS = tuple(_DESIGN_WEIGHT.get(d, 0) for d in DESIGNS)
KIND_WEIGHTS = tuple(_KIND_WEIGHT.get(k, 0) for k in KINDS)
OLD_COMPARISONS = tuple(c for c in COMPARISONS if c != "placebo")

PREFIXES = (
    "Serum",
    "Spinal",
    "Cortical",
    "Peripheral",
    "Hypothalamic",
    "Local",
    "Systemic",
    "Dorsal horn",
    "Plasma",
    "Muscle",
    "Vagal",
    "Limbic",
    "Salivary",
    "Synovial",
    "Skin",
    "Brainstem",
    "Segmental",
    "Autonomic",
    "Inflammatory",
    "Central",
)
HEADS = (
    "cortisol",
    "beta-endorphin",
    "substance P",
    "adenosine",
    "serotonin release",
    "nociceptor sensitisation",
    "microglial activation",
    "interleukin-6",
    "TNF-alpha",
    "heart rate variability",
    "blood flow",
    "fascial stiffness",
    "descending inhibition",
    "opioid receptor binding",
    "pain threshold",
    "sleep quality",
    "anxiety score",
    "muscle tension",
    "connectivity",
    "oxytocin",
    "dopamine signalling",
    "nitric oxide",
    "mast cell degranulation",
    "sympathetic tone",
    "expectation effects",
)
TREATMENTS = (
    "Manual acupuncture",
    "Electroacupuncture",
    "Dry needling",
    "Massage",
    "Cupping",
    "Moxibustion",
    "Transcutaneous stimulation",
    "Yoga",
    "Tai chi",
    "Spinal manipulation",
)
TRADITIONAL = (
    "Qi stagnation",
    "Liver yang rising",
    "Blood stasis",
    "Meridian blockage",
    "Spleen qi deficiency",
    "Kidney essence",
    "Wind-cold invasion",
    "Deqi sensation",
)
POPULATIONS = (
    "adults with chronic low back pain",
    "healthy volunteers",
    "patients with knee osteoarthritis",
    "women with primary dysmenorrhoea",
    "rats with induced inflammation",
    "older adults with insomnia",
    "patients after abdominal surgery",
    "people with migraine",
    "mice with neuropathic injury",
    "office workers with neck pain",
)
EFFECT_VERBS = {
    "increases": ("raised", "increased", "enhanced", "upregulated"),
    "decreases": ("lowered", "reduced", "attenuated", "suppressed"),
    "modulates": ("modulated", "shifted", "altered the dynamics of", "rebalanced"),
    "associated_with": ("was associated with", "correlated with", "tracked", "co-varied with"),
}
QUALIFIERS = (
    "compared with sham needling",
    "after four weeks of treatment",
    "within two hours",
    "but the effect faded by follow-up",
    "in a dose-dependent manner",
    "only at the higher stimulation intensity",
    "with a moderate effect size",
    "although the confidence interval was wide",
    "independent of baseline severity",
    "in the per-protocol analysis",
    "relative to usual care",
    "at the three-month visit",
)
MECHANISM_NOTES = (
    "via descending modulation from the brainstem",
    "probably via endogenous opioid release",
    "by altering local tissue signalling",
    "as part of a broader autonomic response",
    "which depends on intact afferent fibres",
    "though the direction of causation is unclear",
)
JOURNALS = (
    "Pain",
    "Journal of Pain Research",
    "Acupuncture in Medicine",
    "BMJ Open",
    "Evidence-Based Complementary and Alternative Medicine",
    "Neuroscience Letters",
    "Brain Research",
    "The Journal of Physiology",
    "Clinical Journal of Pain",
    "PLOS ONE",
    "Frontiers in Neuroscience",
    "Complementary Therapies in Medicine",
)
SURNAMES = (
    "Smith",
    "Chen",
    "Wang",
    "Nguyen",
    "Garcia",
    "Müller",
    "Kim",
    "Patel",
    "Rossi",
    "Olsen",
    "Tanaka",
    "Silva",
    "Kowalski",
    "Haddad",
    "Brown",
    "Li",
    "Zhang",
    "Novak",
)
TITLE_OPENERS = (
    "Effects of",
    "Mechanisms of",
    "A randomised trial of",
    "Neural correlates of",
    "Long-term outcomes of",
    "Biomarker changes after",
    "Systematic appraisal of",
)


def _width(count: int, minimum: int) -> int:
    """Digits needed to number ``count`` items, at least ``minimum``."""
    return max(minimum, len(str(max(count - 1, 0))))


def _node_records(rng: random.Random, n_nodes: int, n_traditional: int) -> list[dict]:
    """Build node records (dicts of plain values); the first ``n_traditional`` are traditional."""
    width = _width(n_nodes, 6)
    kinds = rng.choices(KINDS, KIND_WEIGHTS, k=n_nodes)
    nodes = []
    for i in range(n_nodes):
        traditional = i < n_traditional
        if traditional:
            head = TRADITIONAL[i % len(TRADITIONAL)]
            label = f"{head} {i}"
            kind = "concept" if i % 2 else "process"
            framework: str | None = "traditional"
        else:
            kind = kinds[i]
            if kind == "treatment":
                label = f"{rng.choice(TREATMENTS)} protocol {i}"
            else:
                head = rng.choice(HEADS)
                if rng.random() < 0.6:
                    label = f"{rng.choice(PREFIXES)} {head} {i}"
                else:
                    label = f"{head[0].upper()}{head[1:]} {i}"
            framework = "biomedical" if rng.random() < 0.7 else None
        nodes.append(
            {
                "id": f"n{i:0{width}d}",
                "label": label,
                "kind": kind,
                "framework": framework,
                "traditional": traditional,
            }
        )
    return nodes


def _write_node(out: list[str], rng: random.Random, node: dict) -> None:
    """Append the YAML lines of one node list item."""
    label = node["label"]
    out.append(f"  - id: {node['id']}")
    out.append(f"    label: {label}")
    out.append(f"    kind: {node['kind']}")
    if node["framework"]:
        out.append(f"    framework: {node['framework']}")
    r = rng.random()
    if r < 0.2:
        # Folded block scalar, as hand-written longer descriptions often are.
        out.append("    description: >-")
        out.append(f"      {label} is a {node['kind']} in the mechanism model, measured in")
        out.append(f"      {rng.choice(POPULATIONS)} and {rng.choice(MECHANISM_NOTES)}.")
    elif r < 0.9:
        out.append(
            f"    description: {label} is a {node['kind']} that changes "
            f"{rng.choice(MECHANISM_NOTES)}."
        )
    if rng.random() < 0.6:
        out.append(
            f"    plain: In everyday terms this is about {rng.choice(HEADS)} and how the body "
            "responds to treatment."
        )
    if rng.random() < 0.4:
        num = node["id"][1:]
        syns = ", ".join(f"{s} variant {num}" for s in rng.sample(HEADS, rng.randint(1, 3)))
        out.append(f"    synonyms: [{syns}]")


def _write_edge(
    out: list[str],
    rng: random.Random,
    src: dict,
    tgt: dict,
    relation: str,
    ref_ids: list[str],
) -> int:
    """Append the YAML lines of one edge list item; return its number of evidence items."""
    out.append(f"  - source: {src['id']}")
    out.append(f"    target: {tgt['id']}")
    out.append(f"    relation: {relation}")
    if rng.random() < 0.7:
        out.append(
            f"    description: {src['label']} {rng.choice(EFFECT_VERBS[relation])} "
            f"{tgt['label']}, {rng.choice(MECHANISM_NOTES)}."
        )
    if src["traditional"] or tgt["traditional"]:
        return 0
    n_ev = rng.choices((1, 2, 3), (55, 35, 10))[0]
    out.append("    evidence:")
    for ref_id in rng.sample(ref_ids, n_ev):
        stance = rng.choices(STANCES, STANCE_WEIGHTS)[0]
        verb = rng.choice(EFFECT_VERBS[relation])
        if stance == "refutes":
            verb = "did not clearly change"
        out.append(f"      - ref: {ref_id}")
        out.append(f"        stance: {stance}")
        where = f"In {rng.choice(POPULATIONS)}, " if rng.random() < 0.5 else ""
        out.append(
            f"        finding: {where}{src['label']} {verb} {tgt['label']} "
            f"{rng.choice(QUALIFIERS)}."
        )
        if rng.random() < 0.5:
            out.append(f"        comparison: {rng.choice(OLD_COMPARISONS)}")
    return n_ev


def _write_reference(out: list[str], rng: random.Random, ref_id: str, design: str) -> None:
    """Append the YAML lines of one reference mapping entry."""
    head = rng.choice(HEADS)
    treatment = rng.choice(TREATMENTS).lower()
    population = rng.choice(POPULATIONS)
    out.append(f"  {ref_id}:")
    if rng.random() < 0.3:
        # Colons force quoting, as in many real titles.
        out.append(
            f'    title: "{rng.choice(TITLE_OPENERS)} {treatment} on {head}: {design} '
            f'evidence in {population}"'
        )
    else:
        out.append(f"    title: {rng.choice(TITLE_OPENERS)} {treatment} on {head} in {population}")
    authors = ", ".join(
        f"{rng.choice(SURNAMES)} {chr(65 + rng.randrange(26))}" for _ in range(rng.randint(1, 4))
    )
    out.append(f"    authors: {authors}")
    out.append(f"    year: {rng.randint(1975, 2024)}")
    out.append(f"    journal: {rng.choice(JOURNALS)}")
    out.append(f"    design: {design}")
    r = rng.random()
    if r < 0.95:
        if r < 0.85:
            out.append(f"    doi: 10.{rng.randint(1000, 99999)}/mg.{ref_id}.{rng.randrange(10**6)}")
        if r < 0.70 or r >= 0.85:
            out.append(f'    pmid: "{rng.randint(1_000_000, 39_999_999)}"')
    else:
        out.append(f"    url: https://example.org/reports/{ref_id}")


def _write_file(path: Path, seed: int, lines: list[str]) -> int:
    """Write one YAML file with a header comment; return the bytes written."""
    header = f"# Synthetic mechgraph benchmark data (benchmarks/generate.py, seed={seed}).\n"
    data = (header + "\n".join(lines) + "\n").encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def generate_graph(out_dir: Path, n_edges: int, n_files: int = 20, seed: int = 0,
                   n_nodes: int | None = None) -> dict:
    """Write a valid synthetic graph with ``n_edges`` edges into ``out_dir``; return counts.

    About ``n_edges / 4`` nodes (or ``n_nodes``: fewer nodes make a denser graph) and
    ``n_edges / 10`` references are created. References go
    to ``references/refs_NN.yaml`` (about a fifth of the files); nodes and edges are spread
    over ``mechanisms/part_NN.yaml``. Refuses a folder that already holds ``*.yaml`` files.
    The returned dict has ``nodes``, ``edges``, ``references``, ``files``, ``bytes``,
    ``evidence`` and ``traditional_nodes``.
    """
    out_dir = Path(out_dir)
    if n_edges < 0:
        raise ValueError("n_edges must be >= 0")
    if n_files < 2:
        raise ValueError("n_files must be >= 2 (references and mechanisms live in separate files)")
    if out_dir.exists() and any(out_dir.rglob("*.yaml")):
        raise FileExistsError(f"{out_dir} already holds *.yaml files; use an empty folder")

    rng = random.Random(seed)
    n_nodes = max(4, n_edges // 4) if n_nodes is None else max(4, n_nodes)
    n_refs = max(3, n_edges // 10)
    n_traditional = min(n_nodes // 2, max(2, n_nodes // 100))
    n_ref_files = min(n_files - 1, max(1, round(n_files / 5)))
    n_mech_files = n_files - n_ref_files

    nodes = _node_records(rng, n_nodes, n_traditional)
    ref_width = _width(n_refs, 5)
    ref_ids = [f"r{i:0{ref_width}d}" for i in range(n_refs)]
    ref_designs = rng.choices(DESIGNS, DESIGN_WEIGHTS, k=n_refs)

    # Pick unique (source, target, relation) triples; the first edge always starts at a
    # traditional node so every graph has some evidence-free edges.
    seen: set[tuple[int, int, str]] = set()
    triples: list[tuple[int, int, str]] = []
    relations = rng.choices(RELATIONS, RELATION_WEIGHTS, k=n_edges)
    for j in range(n_edges):
        rel = relations[j]
        while True:
            s = 0 if j == 0 else rng.randrange(n_nodes)
            t = rng.randrange(n_nodes)
            if s != t and (s, t, rel) not in seen:
                break
            rel = rng.choice(RELATIONS)
        seen.add((s, t, rel))
        triples.append((s, t, rel))

    mech_width = _width(n_mech_files, 2)
    ref_file_width = _width(n_ref_files, 2)
    total_bytes = 0
    n_evidence = 0
    for f in range(n_mech_files):
        lines: list[str] = []
        lo, hi = f * n_nodes // n_mech_files, (f + 1) * n_nodes // n_mech_files
        if hi > lo:
            lines.append("nodes:")
            for node in nodes[lo:hi]:
                _write_node(lines, rng, node)
        lo, hi = f * n_edges // n_mech_files, (f + 1) * n_edges // n_mech_files
        if hi > lo:
            lines.append("edges:")
            for s, t, rel in triples[lo:hi]:
                n_evidence += _write_edge(lines, rng, nodes[s], nodes[t], rel, ref_ids)
        path = out_dir / "mechanisms" / f"part_{f:0{mech_width}d}.yaml"
        total_bytes += _write_file(path, seed, lines)
    for f in range(n_ref_files):
        lines = []
        lo, hi = f * n_refs // n_ref_files, (f + 1) * n_refs // n_ref_files
        if hi > lo:
            lines.append("references:")
            for i in range(lo, hi):
                _write_reference(lines, rng, ref_ids[i], ref_designs[i])
        path = out_dir / "references" / f"refs_{f:0{ref_file_width}d}.yaml"
        total_bytes += _write_file(path, seed, lines)

    return {
        "nodes": n_nodes,
        "edges": n_edges,
        "references": n_refs,
        "files": n_files,
        "bytes": total_bytes,
        "evidence": n_evidence,
        "traditional_nodes": n_traditional,
    }


def main(argv: list[str] | None = None) -> int:
    """CLI entry point: generate a graph folder and print its counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="folder to write (must hold no *.yaml yet)")
    parser.add_argument("--edges", type=int, required=True, help="number of edges")
    parser.add_argument("--files", type=int, default=20, help="number of files (default 20)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    try:
        counts = generate_graph(args.out_dir, args.edges, n_files=args.files, seed=args.seed)
    except (ValueError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - t0
    print(
        f"wrote {counts['edges']} edges, {counts['nodes']} nodes, {counts['references']} "
        f"references, {counts['evidence']} evidence items in {counts['files']} files "
        f"({counts['bytes'] / 1e6:.1f} MB) to {args.out_dir} in {elapsed:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
