"""Tests of the vendorgen command line (generator/cli/)."""
