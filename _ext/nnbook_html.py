"""Sphinx extension with small fixes to the HTML pages of the book.

Loaded through ``sphinx: local_extensions:`` in ``_config.yml``.

Duplicate inline scripts. Extensions that register an inline ``<script>`` (sphinx-thebe's
``const THEBE_JS_URL = ...``, sphinx-togglebutton's ``var togglebuttonSelector = ...``) end up
twice on every page with Sphinx 7.4: the builder keeps the script once as registered (file name
``None``) and again when ``prepare_writing`` re-adds the registry's scripts (file name ``''``),
and the two do not compare equal. The second ``const`` declaration is a JavaScript error on every
page. This keeps the first of any scripts that differ only in that way.

Hidden cells' toggles: see ``_name_hidden_cell_toggles``.

Citation roles. docutils 0.21 marks the bibliography (references page) up as
``<div role="list">`` holding ``<div role="doc-biblioentry">`` entries and back-links: axe-core
reports the deprecated ``doc-biblioentry`` role, a role not allowed on a div, and a list whose
children are not list items. The roles are dropped; the markup stays the same otherwise.
"""
from __future__ import annotations

import re

_CITATION_ROLES = re.compile(r'(<div\b[^>]*?)\s+role="(?:list|doc-biblioentry)"(?=[^>]*class="citation)'
                             r'|(<div\b[^>]*class="citation[^"]*"[^>]*?)\s+role="(?:list|doc-biblioentry)"')


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen, unique = set(), []
    for js in scripts:
        key = (getattr(js, "filename", js) or "",
               tuple(sorted(getattr(js, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique


def _drop_citation_roles(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if isinstance(body, str) and 'class="citation' in body:
        context["body"] = _CITATION_ROLES.sub(lambda m: m.group(1) or m.group(2), body)


def _name_hidden_cell_toggles(app, pagename, templatename, context, doctree):
    """myst-nb's toggle of a hidden cell (tag ``hide-cell``, the solutions' code) is a
    ``<summary aria-label="Toggle hidden content">`` whose visible text is "Show code cell
    content": axe-core's label-content-name-mismatch (a speech-input user says what they see).
    Without the aria-label the visible text is the accessible name."""
    body = context.get("body")
    if isinstance(body, str) and 'aria-label="Toggle hidden content"' in body:
        context["body"] = body.replace('<summary aria-label="Toggle hidden content">', "<summary>")


def setup(app):
    app.connect("html-page-context", _dedupe_scripts)
    app.connect("html-page-context", _drop_citation_roles)
    app.connect("html-page-context", _name_hidden_cell_toggles)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
