"""Tests of the generated clients (templates/) against mocks, Prism and a fault server."""
