"""Tests of generator/scrape/."""
