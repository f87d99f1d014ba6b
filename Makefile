# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: install install-dev run test lint fmt bench bench-nodes two-nodes services system-packages clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Stamp files: reinstall only when a requirements file changes.
$(VENV)/.runtime: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime

install-dev: $(VENV)/.dev

# Debian packages the tests need (Chromium for browser tests, ffmpeg for clips,
# gettext for translations, docker-compose to parse docker-compose.yml, nginx to
# check deploy/nginx/portal.conf).
system-packages:
	@bin/ensure-system-packages

# Postgres and Redis for the tests: started when installed but stopped.
services:
	@bin/ensure-services

run: install
	@bin/run

test: install-dev system-packages services
	DEBUG=1 DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} DJANGO_ALLOW_ASYNC_UNSAFE=true \
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install-dev services
	bench/run $(BENCH_ARGS)

# Two web nodes behind nginx, Celery, Postgres, Redis and an S3-protocol
# endpoint (moto) on this machine; a contest driven through them with one node
# killed mid-rush (bench/nodes.py; also tests/integration/test_two_nodes.py).
two-nodes: install-dev system-packages services
	PYTHONPATH=$(CURDIR) $(PY) -m bench.nodes

# The rush at saturation through one node, then two, in the same run.
bench-nodes: install-dev system-packages services
	PYTHONPATH=$(CURDIR) $(PY) -m bench.nodes --bench

clean:
	rm -rf var/ .pytest_cache
