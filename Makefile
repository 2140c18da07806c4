# The two commands of the README's quick start, and what they need.
# Everything is installed into .venv from this repository's own files:
# pyproject.toml names the dependencies, requirements.lock pins every version;
# package.json and package-lock.json pin the Node tools of the tests (Stoplight Prism).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: generate validate test bench

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	touch $@

# Debian's Chromium for the browser test of generated/field-mapping.html (needs root, as on CI).
CHROMIUM ?= /usr/bin/chromium
$(CHROMIUM):
	apt-get install -y --no-install-recommends chromium || (apt-get update && apt-get install -y --no-install-recommends chromium)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## generate: install, then regenerate every vendor's client package into generated/ (the main job)
generate: $(VENV)/.installed
	$(PY) -m compileall -q generator
	$(PY) -m generator generate

## validate: install, then check every vendor spec
validate: $(VENV)/.installed
	$(PY) -m generator validate

## test: install what the tests need (Python packages, Prism, Chromium), then run the whole suite
test: $(VENV)/.installed node_modules/.installed $(CHROMIUM)
	VENDORGEN_CHROMIUM=$(CHROMIUM) $(PY) -m pytest -n 2 --dist loadfile

.venv-bench/.installed: benchmarks/requirements.txt benchmarks/requirements.lock
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet --disable-pip-version-check -c benchmarks/requirements.lock -r benchmarks/requirements.txt
	touch $@

## bench: install vendorgen and the comparison generator, run every benchmark and rewrite benchmarks/RESULTS.md
bench: $(VENV)/.installed .venv-bench/.installed
	$(PY) benchmarks/run.py --write-results
