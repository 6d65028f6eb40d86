"""Importers: curated knowledge from other resources, written as a normal graph folder.

One module per source (:mod:`~mechgraph.importers.drugmechdb`,
:mod:`~mechgraph.importers.dismech`, :mod:`~mechgraph.importers.kgx`), each a function
``import_<source>(..., out, *, force=False) -> ImportReport`` over the helpers of
:mod:`~mechgraph.importers.common`: nothing is invented on import (what a source does not
say is written as ``unknown``, or left out and counted in the report), and the folder is
written only when ``mechgraph validate`` accepts it.
"""
