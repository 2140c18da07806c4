"""Vendor documentation pages in, an OpenAPI document out.

The stages, one module each: :mod:`.pages` reads files, folders and URLs into
:class:`~.pages.Page` values; :mod:`.mintlify`, :mod:`.rendered` and
:mod:`.tables` read the three page formats into :class:`~.model.PageDoc`
values (with help from :mod:`.fields` for types and prose constraints,
:mod:`.examples` for curl commands and example bodies, and :mod:`.embedded` for
OpenAPI blocks embedded in a page); :mod:`.assemble` merges every page into one
OpenAPI 3.1 document. Overlays are applied by :mod:`generator.overlay`.
"""
