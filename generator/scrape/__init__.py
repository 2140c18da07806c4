"""Stage 5, scrape: vendor documentation pages in, an OpenAPI document out.

Takes documentation pages (files, folders, URLs, ``llms.txt`` indexes) and a vendor's
overlay; gives an OpenAPI 3.1 document with ``x-source`` on every field.

The steps, one module each: :mod:`.pages` reads files, folders and URLs into
:class:`~.pages.Page` values; :mod:`.mintlify`, :mod:`.rendered` and
:mod:`.tables` read the three page formats into :class:`~.model.PageDoc`
values (with help from :mod:`.fields` for types and prose constraints,
:mod:`.examples` for curl commands and example bodies, and :mod:`.embedded` for
OpenAPI blocks embedded in a page); :mod:`.assemble` merges every page into one
OpenAPI 3.1 document; :mod:`.overlay` applies and derives the OpenAPI Overlays that add
what the pages do not say, and :mod:`.run` does both for a vendor. It checks its result
with stage 1 and compares it with the committed spec through stage 4.
"""
