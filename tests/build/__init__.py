"""Tests of generator/build/."""
