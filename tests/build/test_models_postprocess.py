"""The rewrites of datamodel-code-generator's module skip the parse only where they would find nothing."""

from __future__ import annotations

from typing import Any

import pytest

from generator.build import models
from generator.build.models import generate_models


def _document(schemas: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }


def test_bare_generics_and_open_objects_from_real_models_are_rewritten() -> None:
    code = generate_models(
        _document(
            {
                "Bag": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "things": {"type": "array", "description": "A list of things."},
                        "extra": {"type": "object", "description": "Anything."},
                    },
                }
            }
        ),
        "pkg",
    ).code
    assert "class Bag(OpenVendorModel):" in code
    assert "extra=" not in code
    assert "list[Any]" in code
    assert "dict[str, Any]" in code


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("    things: list", "    things: list[Any]"),
        ("    things: list | None = None", "    things: list[Any] | None = None"),
        ("    things: Annotated[list, Field()]", "    things: Annotated[list[Any], Field()]"),
        ("    things: dict[str, list] = {}", "    things: dict[str, list[Any]] = {}"),
        ("    things: Optional[set]", "    things: Optional[set[Any]]"),
        ("    things: int | dict", "    things: int | dict[str, Any]"),
    ],
)
def test_every_place_of_a_bare_generic_passes_the_cheap_test(line: str, expected: str) -> None:
    code = f"from typing import Any\n\n\nclass A(VendorModel):\n{line}\n"
    assert models._parametrise(code) == code.replace(line, expected)


def test_a_bare_generic_across_lines_passes_the_cheap_test() -> None:
    code = (
        "from typing import Any\n\n\nclass A(VendorModel):\n"
        "    things: Annotated[\n        list,\n        Field(),\n    ]\n"
    )
    assert "list[Any]," in models._parametrise(code)
    root = "from typing import Any\n\n\nclass A(RootModel[\n    dict\n]):\n    pass\n"
    assert "dict[str, Any]" in models._parametrise(root)


def test_words_in_docstrings_are_not_generics() -> None:
    code = 'class A(VendorModel):\n    """A list of dict entries, a set."""\n\n    things: list[int]\n'
    assert models._parametrise(code) == code


def test_an_open_model_written_across_lines_passes_the_cheap_test() -> None:
    code = (
        "from pydantic import ConfigDict, Field\n\nfrom ._models import VendorModel\n\n\n"
        'class A(VendorModel):\n    model_config = ConfigDict(\n        extra="allow",\n    )\n    a: int\n'
    )
    result = models._open_models(code)
    assert "class A(OpenVendorModel):" in result
    assert "ConfigDict" not in result
