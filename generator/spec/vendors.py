"""The vendor table: what generation needs to know that a spec does not say.

Each vendor is a folder ``specs/<name>/`` holding ``openapi.yaml`` and
``vendor.yaml``.  The fields of ``vendor.yaml`` are documented in
``specs/README.md``; they are checked here with the same file:line:column
diagnostics as the specs.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.spec.diagnostics import Diagnostic, Severity, SpecError
from generator.spec.loader import SpecDocument, load_document
from generator.spec.locate import locate

__all__ = [
    "MAPPING_FILE",
    "MAPPING_OUTPUTS",
    "SPEC_FILE",
    "UNIFIED_FOLDER",
    "VENDOR_FILE",
    "VendorConfig",
    "discover_vendors",
    "load_vendor",
    "unified_changelog",
]

SPEC_FILE = "openapi.yaml"
VENDOR_FILE = "vendor.yaml"
CHANGELOG_FILE = "CHANGELOG.md"  # written by `vendorgen release`, shipped in the package
# The spec as of the last release: what the next release is compared with.
RELEASED_SPEC_FILE = "openapi.released.yaml"
# The cross-vendor field mapping (specs/mapping.yaml) and what generate makes of it in generated/.
MAPPING_FILE = "mapping.yaml"
MAPPING_OUTPUTS = ("FIELD_MAPPING.md", "field-mapping.json", "field-mapping.csv", "field-mapping.html")
UNIFIED_FOLDER = "unified"


def unified_changelog(specs_dir: Path) -> Path:
    """``specs/unified/CHANGELOG.md``: the unified package's changelog, beside the vendors' folders.

    Written by ``vendorgen release`` when a vendor's release moves the unified package's version;
    shipped in that package.
    """
    return specs_dir / UNIFIED_FOLDER / CHANGELOG_FILE


@dataclass(frozen=True)
class VendorConfig:
    """One vendor's generation settings, read from ``specs/<name>/vendor.yaml``."""

    name: str
    display_name: str
    distribution: str
    import_name: str
    client_name: str
    api_key_env: str
    version: str
    docs: tuple[str, ...]
    folder: Path
    urls: tuple[tuple[str, str], ...] = ()
    names_from: tuple[str, ...] = ()
    """Where field names the pages lost are looked up besides the previous scrape: another
    vendor's pages or spec (a white-label copy's original), relative to the project root."""
    webhook_events: tuple[tuple[str, str], ...] = ()
    """The event name of each webhook page whose address and title name none (page address or
    file name, event name): the one name of a webhook that the pages cannot give."""

    @property
    def spec_path(self) -> Path:
        """The vendor's OpenAPI document."""
        return self.folder / SPEC_FILE

    @property
    def input_files(self) -> list[Path]:
        """Every file of the vendor folder that generation reads."""
        candidates = [self.spec_path, self.folder / VENDOR_FILE, self.folder / CHANGELOG_FILE]
        return [path for path in candidates if path.is_file()]


def _is_identifier(value: str) -> bool:
    return value.isidentifier() and not keyword.iskeyword(value)


_FIELDS: dict[str, tuple[bool, Callable[[Any], bool], str]] = {
    "display_name": (True, lambda v: isinstance(v, str) and bool(v.strip()), "a non-empty string"),
    "distribution": (
        True,
        lambda v: isinstance(v, str) and re.fullmatch(r"[a-z0-9]+([-_.][a-z0-9]+)*", v) is not None,
        "a lower-case distribution name such as 'ravan-client'",
    ),
    "import_name": (
        True,
        lambda v: isinstance(v, str) and _is_identifier(v) and v.islower(),
        "a lower-case Python identifier such as 'ravan_client'",
    ),
    "client_name": (
        True,
        lambda v: isinstance(v, str) and _is_identifier(v) and v[:1].isupper(),
        "a CapWords identifier such as 'Ravan' (gives RavanClient)",
    ),
    "api_key_env": (
        True,
        lambda v: isinstance(v, str) and re.fullmatch(r"[A-Z][A-Z0-9_]*", v) is not None,
        "an upper-case environment variable name such as 'RAVAN_API_KEY'",
    ),
    "version": (
        True,
        lambda v: isinstance(v, str) and re.fullmatch(r"\d+\.\d+\.\d+", v) is not None,
        "a quoted MAJOR.MINOR.PATCH version such as '0.1.0'",
    ),
    "urls": (
        False,
        lambda v: isinstance(v, dict)
        and all(
            isinstance(k, str) and k.strip() and isinstance(u, str) and u.startswith("https://")
            for k, u in v.items()
        ),
        "a mapping of link labels to https:// URLs, shown on the package index",
    ),
    "docs": (
        False,
        lambda v: isinstance(v, list) and all(isinstance(item, str) and item for item in v),
        "a list of documentation sources (paths or URLs)",
    ),
    "names_from": (
        False,
        lambda v: isinstance(v, list) and all(isinstance(item, str) and item for item in v),
        "a list of pages or specs (paths or URLs) to look up field names the pages lost",
    ),
    "webhook_events": (
        False,
        lambda v: isinstance(v, dict)
        and bool(v)
        and all(
            isinstance(page, str)
            and page.strip()
            and isinstance(event, str)
            and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", event) is not None
            for page, event in v.items()
        ),
        "a mapping of webhook pages (address or file name) to event names such as 'callCompleted'",
    ),
}


def _problem(document: SpecDocument, parts: tuple[str, ...], message: str) -> Diagnostic:
    line, column = locate(document.node, parts)
    pointer = "#/" + "/".join(parts) if parts else "#"
    return Diagnostic(document.file, line, column, Severity.ERROR, "vendor-config", message, pointer)


def load_vendor(folder: Path) -> VendorConfig:
    """Read and check ``folder/vendor.yaml``.

    Raises:
        SpecError: the file is missing, unreadable or has invalid fields.

    """
    document = load_document(folder / VENDOR_FILE)
    data = document.data
    if not isinstance(data, Mapping):
        raise SpecError([_problem(document, (), "vendor.yaml must be a mapping of fields")])
    problems = [
        _problem(document, (key,), f"unknown field {key!r}; known fields: {', '.join(_FIELDS)}")
        for key in data
        if key not in _FIELDS
    ]
    for key, (required, valid, expected) in _FIELDS.items():
        if key not in data:
            if required:
                problems.append(_problem(document, (), f"missing field {key!r}: {expected}"))
        elif not valid(data[key]):
            problems.append(
                _problem(document, (key,), f"field {key!r} must be {expected}, not {data[key]!r}")
            )
    if problems:
        raise SpecError(problems)
    return VendorConfig(
        name=folder.name,
        display_name=data["display_name"],
        distribution=data["distribution"],
        import_name=data["import_name"],
        client_name=data["client_name"],
        api_key_env=data["api_key_env"],
        version=data["version"],
        docs=tuple(data.get("docs", ())),
        folder=folder,
        urls=tuple((str(k), str(u)) for k, u in (data.get("urls") or {}).items()),
        names_from=tuple(data.get("names_from", ())),
        webhook_events=tuple((str(k), str(v)) for k, v in (data.get("webhook_events") or {}).items()),
    )


def discover_vendors(specs_dir: Path) -> list[str]:
    """Names of the vendor folders under ``specs_dir`` (those holding an OpenAPI document), sorted."""
    if not specs_dir.is_dir():
        return []
    return sorted(p.name for p in specs_dir.iterdir() if (p / SPEC_FILE).is_file())
