"""Stage 4, review: what changed between two specs, and what it means for users.

Takes two :class:`~generator.spec.loader.SpecDocument` values (and their generated
surfaces, via stage 3); gives classified :class:`~generator.review.diff.Change` values
(breaking, potentially breaking, non-breaking, docs-only, each with a rule id) after
normalising both sides (:mod:`.normalize`), the surface changes of the generated package
(:mod:`.surface`) and reports in text, JSON, Markdown or GitHub form (:mod:`.report`).
"""
