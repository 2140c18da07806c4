"""The one naming module: spec names to Python identifiers and file names."""

from __future__ import annotations

import pytest

from generator.build.naming import module_name, snake_case


@pytest.mark.parametrize(
    ("tag", "module"),
    [("con", "con_"), ("NUL", "nul_"), ("com1", "com1_"), ("Phone Numbers", "phone_numbers")],
)
def test_module_names_avoid_windows_device_names(tag: str, module: str) -> None:
    """Regression: a tag `con` became resources/con.py, which Windows cannot create or check out."""
    assert module_name(tag) == module


def test_field_names_keep_their_own_spelling() -> None:
    assert snake_case("con") == "con", "only file names avoid device names"
