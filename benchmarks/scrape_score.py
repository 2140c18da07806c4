"""Score the docs scraper: what it recovers from pages, against labels of what the pages document.

Usage::

    python benchmarks/scrape_score.py                       # the four vendors: their pages vs specs/
    python benchmarks/scrape_score.py --pages DIR --labels L.yaml [--names-from SOURCE]
    python benchmarks/scrape_score.py --suite DIR                # every DIR/*/labels.yaml, and a total

Labels are either a spec (every operation, parameter and request-body field of a committed spec
is taken as documented: the specs are written from the same pages) or a YAML file::

    operations:
      - method: POST
        path: /v1/campaigns
        fields:
          name: {type: string, required: true}
          timeSlots[].startTime: {type: string, required: true}
          query:page: {type: integer}

In a suite, a labels file may list ``names_from`` (folders relative to it): the pages a white-label
copy is scraped with (``vendorgen scrape --names-from``).

Fields are request-body paths (``a.b[].c``) and parameters (``query:``, ``path:``, ``header:``).
Printed: operation recall (method and path; parameter names in braces do not count), field
recall, type accuracy and required accuracy over the fields found, and invented fields (fields of
a found operation that the labels do not have). Paths are matched exactly otherwise: a missing
trailing slash the docs insist on is a missed operation.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.mapping.schema_paths import describe, field_at, leaf_paths  # noqa: E402
from generator.scrape.run import name_book, scrape_sources  # noqa: E402
from generator.spec.walk import JSON_MEDIA, iter_operations, resolve_local  # noqa: E402

__all__ = ["Field", "Score", "labels_from_file", "labels_from_spec", "score"]

VENDORS = ("autocalls", "callkaro", "ravan", "volubile")
_PARAMETER = re.compile(r"\{[^}]*\}")


@dataclass(frozen=True)
class Field:
    """What a label (or the scrape) says of one field."""

    type: str | None
    required: bool


Operations = dict[tuple[str, str], dict[str, Field]]


@dataclass(frozen=True)
class Score:
    """The five figures of one comparison, with their counts."""

    operations: int
    operations_found: int
    fields: int
    fields_found: int
    types_right: int
    required_right: int
    invented: int
    missed: tuple[str, ...]

    @property
    def operation_recall(self) -> float:
        return self.operations_found / self.operations if self.operations else 1.0

    @property
    def field_recall(self) -> float:
        return self.fields_found / self.fields if self.fields else 1.0

    @property
    def type_accuracy(self) -> float:
        return self.types_right / self.fields_found if self.fields_found else 1.0

    @property
    def required_accuracy(self) -> float:
        return self.required_right / self.fields_found if self.fields_found else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.operations + other.operations,
            self.operations_found + other.operations_found,
            self.fields + other.fields,
            self.fields_found + other.fields_found,
            self.types_right + other.types_right,
            self.required_right + other.required_right,
            self.invented + other.invented,
            self.missed + other.missed,
        )

    def line(self, name: str) -> str:
        """One printed row."""
        return (
            f"{name:<12} operations {self.operations_found}/{self.operations} ({self.operation_recall:.0%})  "
            f"fields {self.fields_found}/{self.fields} ({self.field_recall:.0%})  "
            f"types {self.type_accuracy:.1%}  required {self.required_accuracy:.1%}  invented {self.invented}"
        )


def _key(method: str, path: str) -> tuple[str, str]:
    return method.upper(), _PARAMETER.sub("{}", path)


def _type(document: Any, schema: Any) -> str | None:
    info = describe(document, schema, required=False)
    if info.is_list:
        return f"array<{'|'.join(info.item_types) or 'any'}>"
    return "|".join(info.types) or None


def labels_from_spec(document: Mapping[str, Any]) -> Operations:
    """Every operation of ``paths`` with its parameters and request-body leaf fields."""
    found: Operations = {}
    for site in iter_operations(document):
        if site.section != "paths":
            continue
        fields: dict[str, Field] = {}
        parameters = [*(site.path_item.get("parameters") or ()), *(site.operation.get("parameters") or ())]
        for raw in parameters:
            parameter = resolve_local(document, raw)
            if isinstance(parameter, Mapping) and parameter.get("in") in ("query", "path", "header"):
                fields[f"{parameter['in']}:{parameter['name']}"] = Field(
                    _type(document, parameter.get("schema") or {}), bool(parameter.get("required"))
                )
        body = resolve_local(document, site.operation.get("requestBody"))
        content = body.get("content") if isinstance(body, Mapping) else None
        schema = None
        if isinstance(content, Mapping):
            schema = next((m.get("schema") for t, m in content.items() if JSON_MEDIA.match(t)), None)
            schema = schema or next(
                (m.get("schema") for m in content.values() if isinstance(m, Mapping)), None
            )
        for path in leaf_paths(document, schema) if schema is not None else ():
            at = field_at(document, schema, path)  # None for a name with a dot in it: kept, untyped
            fields[path] = Field(_type(document, at[0]), at[1]) if at is not None else Field(None, False)
        found[_key(site.method, site.route)] = fields
    return found


def labels_from_file(path: Path) -> Operations:
    """A labels file (see the module docstring)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        _key(op["method"], op["path"]): {
            name: Field(value.get("type"), bool(value.get("required", False)))
            for name, value in (op.get("fields") or {}).items()
        }
        for op in data["operations"]
    }


def score(labels: Operations, scraped: Operations) -> Score:
    """How much of ``labels`` the scrape recovered, and what it added."""
    fields = found = types = required = invented = 0
    missed = []
    for key, wanted in labels.items():
        got = scraped.get(key)
        fields += len(wanted)
        if got is None:
            missed.append(" ".join(key))
            continue
        for name, label in wanted.items():
            if name not in got:
                continue
            found += 1
            types += label.type is None or got[name].type == label.type
            required += got[name].required == label.required
        # a scraped object whose fields the labels spell out is less precise, not invented
        invented += sum(
            1
            for name in got
            if name not in wanted
            and not any(w.startswith(f"{name}.") or w.startswith(f"{name}[]") for w in wanted)
        )
    return Score(
        len(labels), len(labels) - len(missed), fields, found, types, required, invented, tuple(missed)
    )


def _vendor_pages(vendor: str) -> tuple[list[str], Path]:
    config = yaml.safe_load((ROOT / "specs" / vendor / "vendor.yaml").read_text(encoding="utf-8"))
    return [str(s) for s in config["docs"]], ROOT  # the paths are relative to the project root


def _scraped(pages: Path, names_from: list[str]) -> Operations:
    """What the scraper finds on ``pages``, field names a capture lost looked up in ``names_from``."""
    book = name_book(names_from, Path.cwd()) if names_from else None
    return labels_from_spec(scrape_sources([str(pages)], Path.cwd(), names=book).document)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--pages", type=Path, help="pages to scrape (a file or folder)")
    parser.add_argument("--suite", type=Path, help="a folder of page folders, each with its labels.yaml")
    parser.add_argument("--labels", type=Path, help="a labels YAML file, or a spec to take the labels from")
    parser.add_argument(
        "--names-from",
        action="append",
        default=[],
        metavar="SOURCE",
        help="with --pages: pages or a spec to recover lost field names from (vendorgen scrape --names-from)",
    )
    arguments = parser.parse_args(argv)
    runs: list[tuple[str, Operations, Operations]] = []
    if arguments.suite is not None:
        for labels_file in sorted(arguments.suite.glob("*/labels.yaml")):
            folder = labels_file.parent
            raw = yaml.safe_load(labels_file.read_text(encoding="utf-8"))
            sources = [str(folder / source) for source in raw.get("names_from") or ()]
            runs.append((folder.name, labels_from_file(labels_file), _scraped(folder, sources)))
        if not runs:
            parser.error(f"{arguments.suite}: no */labels.yaml")
    elif arguments.pages is not None:
        if arguments.labels is None:
            parser.error("--pages needs --labels")
        scraped = _scraped(arguments.pages, arguments.names_from)
        raw = yaml.safe_load(arguments.labels.read_text(encoding="utf-8"))
        labels = labels_from_file(arguments.labels) if "operations" in raw else labels_from_spec(raw)
        runs.append((arguments.pages.name, labels, scraped))
    else:
        for vendor in VENDORS:
            sources, base = _vendor_pages(vendor)
            scraped = labels_from_spec(scrape_sources(sources, base).document)
            spec = yaml.safe_load((ROOT / "specs" / vendor / "openapi.yaml").read_text(encoding="utf-8"))
            runs.append((vendor, labels_from_spec(spec), scraped))
    total = None
    for name, labels, scraped in runs:
        result = score(labels, scraped)
        print(result.line(name))
        for operation in result.missed:
            print(f"{'':<12} missed {operation}")
        total = result if total is None else total + result
    if total is not None and len(runs) > 1:
        print(total.line("all"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
