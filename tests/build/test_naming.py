"""The one naming module: spec names to Python identifiers and file names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build.naming import dedupe, module_name, snake_case, unique_name


@pytest.mark.parametrize(
    ("tag", "module"),
    [("con", "con_"), ("NUL", "nul_"), ("com1", "com1_"), ("Phone Numbers", "phone_numbers")],
)
def test_module_names_avoid_windows_device_names(tag: str, module: str) -> None:
    """Regression: a tag `con` became resources/con.py, which Windows cannot create or check out."""
    assert module_name(tag) == module


def test_field_names_keep_their_own_spelling() -> None:
    assert snake_case("con") == "con", "only file names avoid device names"


@given(
    st.lists(st.sampled_from(["list", "list_2", "list_3", "get", "get_2", "x", "list_2_2"]), unique=True),
    st.sampled_from(["list", "get", "x", "list_2", "new"]),
)
def test_unique_name_is_what_dedupe_gives_after_distinct_taken_names(taken: list[str], name: str) -> None:
    assert unique_name(name, set(taken)) == dedupe([*taken, name])[-1]
