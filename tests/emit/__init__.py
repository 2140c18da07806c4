"""Tests of generator/emit/."""
