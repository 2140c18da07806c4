"""Tests of generator/review/."""
