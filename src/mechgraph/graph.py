"""``load_graph``: a folder of YAML files -> validated data -> ``networkx.MultiDiGraph``.

The import path the rest of mechgraph uses; each job has its own module:

* :mod:`mechgraph.kg`: the loaded graph (:class:`MechGraph`, :class:`Location`,
  :class:`LoadReport`);
* :mod:`mechgraph.discover`: which files make up a graph (:func:`find_files`,
  :func:`graph_signature`);
* :mod:`mechgraph.read`: their bytes -> validated files, memoised by content;
* :mod:`mechgraph.build`: validated files -> the :class:`MechGraph`, through
  :mod:`mechgraph.adjacency`, the one place that writes NetworkX's private maps;
* :mod:`mechgraph.load`: the pipeline (:func:`load_graph`, :func:`check_graph`,
  :func:`validate_graph`) and its
  cache.

Examples
--------
>>> kg = load_graph("graph")
>>> kg.graph.edges["acupuncture", "endorphins", "increases"]["evidence_level"]
'preclinical'
"""

from mechgraph.discover import find_files, graph_signature
from mechgraph.kg import LoadReport, Location, MechGraph
from mechgraph.load import GraphCounts, check_graph, default_cache, load_graph, validate_graph

__all__ = [
    "GraphCounts",
    "LoadReport",
    "Location",
    "MechGraph",
    "check_graph",
    "default_cache",
    "find_files",
    "graph_signature",
    "load_graph",
    "validate_graph",
]
