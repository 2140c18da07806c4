"""Tests of generator/release/."""
