"""Stage 3, emit: the IR becomes the files of an installable package, written atomically.

Takes a :class:`~generator.build.ir.ClientIR` and its models; gives the package's files
rendered from ``templates/`` (:mod:`.render`), formatted with black (:mod:`.formatting`),
and a ``generated/`` tree swapped in whole or not at all (:mod:`.publish`). Input-hash
records (:mod:`.fingerprint`) let an unchanged vendor be reused; :mod:`.generate` runs
stages 1-3 for a vendor or any spec.
"""
