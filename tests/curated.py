"""A small graph shaped like the imported knowledge bases (dismech, DrugMechDB): disorders
as ``condition`` nodes, their mechanisms named after them, Greek letters and accents in
labels, cross-references, and one label ("Neuroinflammation") in two modules."""

from __future__ import annotations

from pathlib import Path

PARKINSON = """\
nodes:
  - id: parkinsons_disease
    label: Parkinson's disease
    kind: condition
    module: Parkinson's disease
    synonyms: [Parkinson disease]
    xrefs: ["MONDO:0005180", "MESH:D010300"]
  - id: pd_neuroinflammation
    label: Neuroinflammation
    kind: process
    module: Parkinson's disease
  - id: pd_neuron_loss
    label: Parkinson's disease dopaminergic neuron loss
    kind: process
    module: Parkinson's disease
  - id: pd_mitochondria
    label: Mitochondrial dysfunction in Parkinson disease
    kind: process
    module: Parkinson's disease
  - id: parkinsonism
    label: Parkinsonism
    kind: outcome
    module: Parkinson's disease
    xrefs: ["HP:0001300"]
  - id: alpha_synuclein
    label: α-synuclein
    kind: mediator
    module: Parkinson's disease
  - id: levodopa
    label: Levodopa
    kind: treatment
    xrefs: ["DRUGBANK:DB01235"]
edges:
  - source: levodopa
    target: parkinsons_disease
    relation: decreases
    curated_in: DrugMechDB
  - source: alpha_synuclein
    target: pd_neuroinflammation
    relation: increases
    curated_in: dismech
  - source: pd_neuroinflammation
    target: pd_neuron_loss
    relation: increases
    curated_in: dismech
  - source: pd_mitochondria
    target: pd_neuron_loss
    relation: increases
    curated_in: dismech
  - source: pd_neuron_loss
    target: parkinsons_disease
    relation: increases
    evidence:
      - ref: pd_review
        stance: supports
        finding: Loss of dopaminergic neurons underlies the motor signs.
  - source: pd_neuron_loss
    target: parkinsonism
    relation: increases
    curated_in: dismech
references:
  pd_review:
    pmid: 12345678
    year: unknown
    design: unknown
    subjects: unknown
"""

ALZHEIMER = """\
nodes:
  - id: alzheimers_disease
    label: Alzheimer's disease
    kind: condition
    module: Alzheimer's disease
    xrefs: ["MONDO:0004975"]
  - id: ad_neuroinflammation
    label: Neuroinflammation
    kind: process
    module: Alzheimer's disease
    xrefs: ["GO:0006954"]
  - id: amyloid_beta
    label: Amyloid-beta
    kind: mediator
    module: Alzheimer's disease
edges:
  - source: amyloid_beta
    target: ad_neuroinflammation
    relation: increases
    curated_in: dismech
  - source: ad_neuroinflammation
    target: alzheimers_disease
    relation: increases
    curated_in: dismech
"""

SJOGREN = """\
nodes:
  - id: sjogren_syndrome
    label: Sjögren syndrome
    kind: condition
    module: Sjögren syndrome
    xrefs: ["MONDO:0010030"]
  - id: tnf_alpha
    label: TNF-alpha
    kind: mediator
  - id: il1b
    label: IL-1β
    kind: mediator
edges:
  - source: tnf_alpha
    target: sjogren_syndrome
    relation: increases
    curated_in: dismech
  - source: il1b
    target: tnf_alpha
    relation: increases
    curated_in: dismech
"""


def write_curated_graph(folder: Path) -> Path:
    """Write the graph's three files into ``folder`` (made if missing) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("parkinson", PARKINSON), ("alzheimer", ALZHEIMER),
                       ("sjogren", SJOGREN)):
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder
