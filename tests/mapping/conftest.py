"""Fixtures shared by the mapping tests: one Prism per vendor, started once per test process."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from generator.spec.loader import load_document
from generator.spec.vendors import load_vendor
from tests.support.prism import running_prism
from tests.support.project import SPECS, VENDORS


@pytest.fixture(scope="session")
def prism_urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Base URLs of Prism serving each vendor's spec, for the unified and dialer tests alike."""
    with ExitStack() as stack:
        urls = {}
        for vendor in VENDORS:
            document = load_document(load_vendor(SPECS / vendor).spec_path)
            urls[vendor] = stack.enter_context(
                running_prism(document.data, tmp_path_factory.mktemp(f"prism-{vendor}"))
            )
        yield urls
