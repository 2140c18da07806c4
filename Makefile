# The two commands of the README's quick start, and what they need.
# Everything is installed into .venv from this repository's own files:
# pyproject.toml names the dependencies, requirements.lock pins every version.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: generate validate test

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	touch $@

## generate: install, then regenerate every vendor's client package into generated/ (the main job)
generate: $(VENV)/.installed
	$(PY) -m generator generate

## validate: install, then check every vendor spec
validate: $(VENV)/.installed
	$(PY) -m generator validate

## test: install what the tests need, then run the whole suite (CI runs exactly this)
test: $(VENV)/.installed
	$(PY) -m pytest
