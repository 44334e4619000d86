# Cloud Chat — the two commands a newcomer needs: `make dev` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
WEB_SRC := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.ts web/package-lock.json

.PHONY: dev test lint unit integration web-test e2e bench load web clean retention-sweep

## dev: start the local stack (moto + API Gateway emulator + web client) on 127.0.0.1
dev: $(STAMP) web/dist/index.html
	$(PY) -m local

## test: lint, unit, integration (local stack over HTTP/WebSocket), web, browser e2e, offline infra checks
test: lint unit integration web-test e2e infra-check

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

unit: $(STAMP)
	$(PY) -m pytest -q tests/unit

integration: $(STAMP)
	$(PY) -m pytest -q tests/integration

web-test: web/node_modules/.package-lock.json
	cd web && npm run typecheck && npm test

e2e: $(STAMP) web/dist/index.html
	$(PY) -m pytest -q tests/e2e

## bench: fan-out latency/throughput, per-post client CPU, resume time, DynamoDB calls per change, receipt, typing and presence costs, search latency and index writes, WebSocket connect time by rooms, envelope encryption cost (not a test)
bench: $(STAMP)
	$(PY) bench/latency.py
	$(PY) bench/post_cost.py
	$(PY) bench/resume.py
	$(PY) bench/receipts.py
	$(PY) bench/live.py
	$(PY) bench/search.py
	$(PY) bench/connect.py
	$(PY) bench/envelope.py

## load: a short Locust run against a local stack (load/README.md for a deployed stage)
load: $(STAMP)
	$(PY) load/run_local.py

## retention-sweep: run the retention sweep now on a running local stack (STACK=http://127.0.0.1:8000),
## or on AWS with FUNCTION=<app>-<stage>-sweep_retention:live (docs/operations.md, Retention)
retention-sweep: $(STAMP)
	PYTHONPATH=. $(PY) scripts/retention_sweep.py $(if $(FUNCTION),--function $(FUNCTION),--stack $(or $(STACK),http://127.0.0.1:8000))

web: web/dist/index.html

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q "pip<26.3"  # chalice 1.34 requires pip<26.3
	$(PY) -m pip install -q -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SRC)
	cd web && npm run build

clean:
	rm -rf $(VENV) .venv-infra web/node_modules web/dist

include mk/infra.mk
