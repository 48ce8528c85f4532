"""How the public pages are written: Django's Jinja2 backend, with the parts of a page written
in Python.

The public templates (``templates/public/`` and the 400, 404 and 500 pages) are Jinja2
templates, which Jinja2 compiles to Python functions: Django's own template language spent
about a millisecond of an uncached mission page walking its nodes, a fifth of the page
(bench/README.md). The editors' admin keeps Django's template language. ``environment`` makes
the Jinja2 environment; ``parts`` and ``languages`` are what the templates call.
"""
