"""Sphinx extension: plain Markdown links to any id of another page are checked.

The chapters link to glossary entries, references and exercises with plain Markdown links,
``[epoch](../glossary.md#term-epoch)``, because Colab, VS Code and GitHub's viewer render no
MyST roles (see ``tools/portable_markdown.py``). MyST checks the ``#id`` part of such a link only
against the target page's heading anchors, so a link to a glossary term, a citation or an
exercise label would be reported as "local id not found" and, worse, a misspelt id would be
indistinguishable from a right one. This extension records every id a page's doctree really
has (glossary entries' anchors ``term-...``, citations ``cite-...``, labelled exercises, sections) in the
table MyST consults, so that right ids resolve and a wrong id still fails the build under -W.

Loaded through ``sphinx: local_extensions:`` in ``_config.yml``.
"""
from __future__ import annotations

import re

from docutils import nodes

_RAW_ID = re.compile(r"""\bid=["']([^"']+)["']""")


def _record_ids(app, doctree):
    env = app.env
    slugs = env.metadata[env.docname].setdefault("myst_slugs", {})
    for node in doctree.findall(nodes.Element):
        for node_id in node.get("ids", ()):
            if node_id not in slugs:
                text = node.astext().strip().split("\n")[0][:80] if isinstance(node, nodes.term) else node_id
                slugs[node_id] = (node.line or 0, node_id, text)
    # anchors written as raw HTML, such as the glossary's <a id="term-..."></a>: known to links
    # from other pages (above) and, as labels, to links within the same page ([x](#term-x))
    std = env.get_domain("std")
    for node in doctree.findall(nodes.raw):
        if "html" in node.get("format", "").split():
            for node_id in _RAW_ID.findall(node.astext()):
                slugs.setdefault(node_id, (node.line or 0, node_id, node_id))
                std.anonlabels.setdefault(node_id.lower(), (env.docname, node_id))   # looked up lower-case
                std.labels.setdefault(node_id.lower(), (env.docname, node_id, node_id))
    # sphinxcontrib-bibtex puts a bibliography's citations into the page only when it resolves
    # references; their ids (``bibtex_cite_id``) are fixed already, in its domain's data
    try:
        bibliographies = env.get_domain("cite").bibliographies
    except Exception:            # no bibtex extension: nothing to add
        bibliographies = {}
    for key, value in bibliographies.items():
        if key.docname == env.docname:
            for cite_key, citation in value.citation_nodes.items():
                for node_id in citation.get("ids", ()):
                    slugs.setdefault(node_id, (value.line, node_id, cite_key))


def _glossary_titles(doctree, table: dict[str, str]):
    """Give each resolved link to a glossary entry the entry's first sentence as its title
    (shown on hover), as the Markdown sources carry it (``tools/glossary_titles.py``); Sphinx
    drops the title of a link to another page of the book."""
    for node in doctree.findall(nodes.reference):
        _, _, fragment = node.get("refuri", "").partition("#")
        if fragment in table and "glossary" in node["refuri"].split("#")[0]:
            node["reftitle"] = table[fragment]


def _titles(srcdir) -> dict[str, str]:
    """The glossary's hover titles, read from tools/glossary_titles.py (one source of truth)."""
    import importlib.util
    from pathlib import Path
    spec = importlib.util.spec_from_file_location("glossary_titles", Path(srcdir) / "tools" / "glossary_titles.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.titles()


def setup(app):
    app.connect("doctree-read", _record_ids)
    titles: dict[str, str] = {}          # read from glossary.md once per build
    app.connect("builder-inited", lambda app: titles.update(_titles(app.srcdir)))
    app.connect("doctree-resolved", lambda app, doctree, docname: _glossary_titles(doctree, titles))
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
