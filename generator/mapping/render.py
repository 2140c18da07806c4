"""Render the field-mapping table: Markdown for pull requests, JSON and CSV for tools, HTML for people.

Every cell's text comes from :mod:`generator.mapping.table`; the templates
only lay it out.  The HTML page is self-contained (inline style and script,
no network), so it opens from a CI artifact or a file browser as it is.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import jinja2

from generator.emit.render import template_environment
from generator.mapping.results_table import ResultsTable
from generator.mapping.table import Table

__all__ = ["render_mapping"]


def _markdown_cell(text: object) -> str:
    """One table cell: pipes escaped, no line breaks."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _environment(autoescape: bool) -> jinja2.Environment:
    env = template_environment("mapping", autoescape=autoescape)
    env.filters["md"] = _markdown_cell
    return env


def _csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            *("concept", "label", "canonical_type", "canonical_unit", "vendor", "supported", "operation"),
            *("field", "type", "unit", "format", "transform", "notes", "unsupported_reason"),
        ]
    )
    for row in table.rows:
        for cell in row.cells:
            writer.writerow(
                [
                    *(row.id, row.label, row.canonical_type, row.canonical_unit or "", cell.vendor),
                    *("yes" if cell.supported else "no", cell.operation or "", cell.field or ""),
                    *(cell.type or "", cell.unit or "", cell.format or "", cell.transform or "", cell.notes),
                    cell.reason or "",
                ]
            )
    return out.getvalue()


def _table_json(table: Table) -> dict[str, Any]:
    """The documented ``field-mapping.json`` shape."""
    concepts = []
    for row in table.rows:
        vendors: dict[str, Any] = {}
        for cell in row.cells:
            if cell.supported:
                vendors[cell.vendor] = {
                    "operation": cell.operation,
                    "field": cell.field,
                    "type": cell.type,
                    "unit": cell.unit,
                    "format": cell.format,
                    "transform": cell.transform,
                    "notes": cell.notes,
                }
            else:
                vendors[cell.vendor] = {"unsupported": cell.reason}
        concepts.append(
            {
                "id": row.id,
                "label": row.label,
                "canonical_type": row.canonical_type,
                "canonical_unit": row.canonical_unit,
                "vendors": vendors,
            }
        )
    shape: dict[str, Any] = {"vendors": list(table.vendors), "concepts": concepts}
    if table.results is not None:
        shape["results"] = _results_json(table.results)
    if table.progress is not None:
        shape["progress"] = {
            "model": table.progress.model,
            "fields": {
                name: dict(zip(table.progress.vendors, cells, strict=True))
                for name, cells in table.progress.rows
            },
        }
    return shape


def _results_json(results: ResultsTable) -> dict[str, Any]:
    """The ``results`` part of ``field-mapping.json``: one entry per source, and the vocabularies."""
    sources = []
    for index, column in enumerate(results.columns):
        fields: dict[str, Any] = {}
        for row in results.rows:
            cell = row.cells[index]
            fields[row.field] = (
                {"wire": cell.wire, "transform": cell.transform, "notes": cell.notes}
                if cell.supported
                else {"unsupported": cell.reason}
            )
        sources.append(
            {"vendor": column.vendor, "label": column.label, "places": column.places, "fields": fields}
        )
    statuses = {vendor: dict(table) for vendor, table in results.vocabularies}
    return {
        "model": results.model,
        "sources": sources,
        "statuses": statuses,
        "status_notes": dict(results.status_notes),
    }


def render_mapping(table: Table, header: str) -> dict[str, str]:
    """The four mapping files by name (relative to ``generated/``)."""
    context = {"table": table, "header": header}
    return {
        "FIELD_MAPPING.md": _environment(False).get_template("FIELD_MAPPING.md.jinja").render(**context),
        "field-mapping.json": json.dumps(_table_json(table), indent=2, ensure_ascii=False) + "\n",
        "field-mapping.csv": _csv(table),
        "field-mapping.html": _environment(True).get_template("field-mapping.html.jinja").render(**context),
    }
