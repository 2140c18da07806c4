"""Tests of generator/mapping/."""
