"""Stage 4, the mapping: one cross-vendor field table and the unified package.

Takes ``specs/mapping.yaml`` (:mod:`.model`) and every vendor spec; gives diagnostics
where the mapping disagrees with the specs (:mod:`.check`, with :mod:`.schema_paths`
following dotted field paths), the table in Markdown, JSON, CSV and HTML
(:mod:`.table`, :mod:`.render`) and ``generated/unified`` (:mod:`.unified`,
:mod:`.unified_render`); :mod:`.generate` runs them together. Built on stages 1-3.
"""
