"""Tests of generator/spec/."""
