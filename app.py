"""The mechgraph explorer (Streamlit): a thin layer over the ``mechgraph`` library.

Run it with ``streamlit run app.py`` (the bundled ``./graph``), ``streamlit run app.py --
--graph DIR`` or ``MECHGRAPH_GRAPH=DIR streamlit run app.py``. The whole view lives in the
URL (see :mod:`mechgraph.app.viewstate`), so a view can be bookmarked or shared.
"""

from mechgraph.app.explorer import main

main()
