"""Stage 5, release: versions, changelogs, reproducible distributions and uploads.

Takes a vendor folder and its committed spec copy from the last release; gives the next
version and changelog entry from the stage-4 review (:mod:`.versioning`), then wheels and
sdists built reproducibly, twine-checked and uploaded (:mod:`.packaging`).
"""
