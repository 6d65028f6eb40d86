"""The confirmed identifiers of the references, read from ``../shared/REFERENCES.md``.

``tests/data/confirmed_identifiers.yaml`` keeps them inside the project, so that the data
tests run in a plain clone; a test keeps it in step with ``REFERENCES.md`` where that file
is present. Regenerate it (never edit an identifier by hand)::

    python tests/references.py ../shared/REFERENCES.md > tests/data/confirmed_identifiers.yaml

Examples
--------
>>> table = '''| key | title | DOI | PMID | what it found |
... |---|---|---|---|---|
... | a2020 | A | 10.1/x | 123456 | Seen at https://example.org/a. |
... | b2021 | B | - | - (PMC1234567) | Nothing. |'''
>>> confirmed_identifiers(table)
{'a2020': {'doi': '10.1/x', 'pmid': '123456', 'urls': ['https://example.org/a']}, \
'b2021': {'pmc': 'PMC1234567'}}
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

__all__ = ["HEADER", "allowed_urls", "confirmed_identifiers", "to_yaml"]

HEADER = """\
# The identifiers of each reference that ../shared/REFERENCES.md confirms (checked against
# stored publisher or PubMed pages), by reference key; a field it marks '-' is left out.
# tests/test_data.py checks every DOI, PMID and URL in graph/ against this list.
# Never edit an identifier by hand; regenerate the file:
#   python tests/references.py ../shared/REFERENCES.md > tests/data/confirmed_identifiers.yaml
"""

_URL = re.compile(r"https?://[^\s)|]+")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def confirmed_identifiers(markdown: str) -> dict[str, dict[str, Any]]:
    """The DOI, PMID, PMC id and URLs of each row of the reference tables, by key."""
    out: dict[str, dict[str, Any]] = {}
    columns: list[str] = []
    for line in markdown.splitlines():
        if not line.startswith("|"):
            columns = []
            continue
        cells = _cells(line)
        if cells[0] == "key":
            columns = cells
            continue
        if not columns or set(cells[0]) <= set("-: "):
            continue
        row = dict(zip(columns, cells, strict=True))
        found: dict[str, Any] = {}
        if row["DOI"] != "-":
            found["doi"] = row["DOI"]
        pmid = row["PMID"]
        if pmid.isdigit():
            found["pmid"] = pmid
        pmc = re.search(r"\bPMC\d+\b", pmid)
        if pmc:
            found["pmc"] = pmc.group()
        urls = [url.rstrip(".,;") for url in _URL.findall(line)]
        if urls:
            found["urls"] = urls
        out[row["key"]] = found
    return out


def allowed_urls(confirmed: dict[str, Any]) -> set[str]:
    """The URLs a reference may give: those confirmed, and the DOI, PubMed and PMC pages
    of its confirmed identifiers.

    Examples
    --------
    >>> sorted(allowed_urls({"doi": "10.1/x", "pmid": "123456"}))
    ['https://doi.org/10.1/x', 'https://pubmed.ncbi.nlm.nih.gov/123456/']
    """
    urls = set(confirmed.get("urls", ()))
    if "doi" in confirmed:
        urls.add(f"https://doi.org/{confirmed['doi']}")
    if "pmid" in confirmed:
        urls.add(f"https://pubmed.ncbi.nlm.nih.gov/{confirmed['pmid']}/")
    if "pmc" in confirmed:
        urls.add(f"https://pmc.ncbi.nlm.nih.gov/articles/{confirmed['pmc']}/")
    return urls


def to_yaml(confirmed: dict[str, dict[str, Any]]) -> str:
    """The text of ``tests/data/confirmed_identifiers.yaml``."""
    return HEADER + yaml.safe_dump(confirmed, sort_keys=True, allow_unicode=True, width=200)


if __name__ == "__main__":
    sys.stdout.write(to_yaml(confirmed_identifiers(Path(sys.argv[1]).read_text("utf-8"))))
