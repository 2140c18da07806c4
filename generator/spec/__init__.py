"""Stage 1, the spec: load and check an OpenAPI document and its vendor folder.

Takes a spec file (YAML or JSON) and ``specs/<vendor>/vendor.yaml``; gives a
:class:`~generator.spec.loader.SpecDocument` (the data with a line for every JSON
pointer) and located :class:`~generator.spec.diagnostics.Diagnostic` values: the
OpenAPI standard (:mod:`.standard`), references (:mod:`.refs`), the project's own
rules (:mod:`.lint`), input limits (:mod:`.input_limits`), all run by :mod:`.validate`.
Imports nothing else of the generator: every later stage builds on it.
"""
