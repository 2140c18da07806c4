"""Stage 2, build: a checked spec becomes the typed intermediate representation.

Takes a :class:`~generator.spec.loader.SpecDocument`; gives a frozen
:class:`~generator.build.ir.ClientIR` (resources, operations, parameters, bodies, each
with its wire and Python names and type-hint text already computed) and the pydantic v2
models datamodel-code-generator writes for its schemas (:mod:`.models`). One naming
module (:mod:`.naming`) turns every spec name into a Python identifier.
"""
