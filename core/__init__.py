"""The help center's core: languages, word tables, the catalogue model and money.

Standard library only: the build (CPython) and the in-browser comparator (Pyodide) share it. It
knows no language by name; the site's configuration (``mkdocs.yml``, ``words/<lang>.yaml``) says
which languages there are and what each one's words are.
"""
