"""Sphinx configuration for counselcore."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from counselcore import __version__  # noqa: E402

# The traceability page is generated from the declarations and the test suite at build time,
# so it always reflects the tests as they are (tests/traceability.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.traceability import PAGE, render  # noqa: E402

PAGE.write_text(render(), encoding="utf-8")

project = "counselcore"
author = "counselcore developers"
release = __version__
extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "sphinx.ext.viewcode"]
# Figures drawn at build time from seeded runs (docs/simulation.md); matplotlib: the docs extra.
extensions.append("matplotlib.sphinxext.plot_directive")
plot_include_source = False
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 90)]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
html_theme = "furo"
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
suppress_warnings = ["myst.xref_missing"]


def setup(app):  # noqa: ANN001, ANN201 - Sphinx extension hook
    """Show ```mermaid blocks as plain text (GitHub renders them as diagrams)."""
    from pygments.lexers.special import TextLexer
    from sphinx.highlighting import lexers

    lexers["mermaid"] = TextLexer()
