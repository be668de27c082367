"""Sphinx configuration of p2skb's documentation (``sphinx-build -W docs docs/_build/html``).

The page of each check is written from the check registry when the build starts
(``_check_pages``), so the code and its documentation cannot drift apart.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "docs"))

import check_pages  # noqa: E402 -- after the path above

project = "p2skb"
author = "the p2skb authors"
copyright = "the p2skb authors; examples from Microsoft Learn, CC BY 4.0"  # noqa: A001 -- Sphinx's name
extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = True
myst_heading_anchors = 3
suppress_warnings = ["myst.xref_missing"]  # the README links to repository files
html_theme = "alabaster"
nitpicky = False


def setup(app: Sphinx) -> None:
    """Write the check pages before the sources are read."""
    app.connect("builder-inited", lambda _: check_pages.write(ROOT / "docs" / "checks"))
