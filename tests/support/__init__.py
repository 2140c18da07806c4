"""Helpers the test groups share: project paths, Prism, sample requests, the fault server, hostile specs."""
