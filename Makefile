# Two commands do all the set-up on a fresh machine (Python 3.11+, Node/npm):
#   make run    start Samla on http://localhost:8000 (ARGS="--demo" for a sample workshop)
#   make test   run every test, installing what they need (browser and Redis included)
VENV := .venv
PY := $(VENV)/bin/python
APP_STAMP := $(VENV)/.app-installed
TEST_STAMP := $(VENV)/.test-installed
ASSETS := node_modules/.package-lock.json
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test bench setup redis

run: $(APP_STAMP) $(ASSETS)
	$(PY) run.py $(ARGS)

test: $(TEST_STAMP) $(ASSETS) /usr/bin/chromium redis
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(TEST_STAMP) $(ASSETS)
	$(PY) benchmarks/live_load.py $(ARGS)

setup: $(TEST_STAMP) $(ASSETS)

$(VENV)/bin/uv:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet uv

$(APP_STAMP): pyproject.toml | $(VENV)/bin/uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(VENV)/bin/uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -e '.[test]'
	touch $(APP_STAMP) $@

# htmx, the socket.io client and axe-core, pinned in package-lock.json.
$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Debian's Chromium for the browser tests (never a downloaded browser build).
/usr/bin/chromium:
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq chromium

# Redis on 127.0.0.1:6379, for several server processes (run.py --workers N) and their
# tests: Debian's package, started as a daemon (no systemd here), unless one answers.
redis: /usr/bin/redis-server
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --bind 127.0.0.1 \
		--port 6379 --daemonize yes --save "" --appendonly no --logfile /tmp/samla-redis.log
	@for i in 1 2 3 4 5 6 7 8 9 10; do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 \
		&& exit 0; sleep 0.5; done; echo "Redis did not start: see /tmp/samla-redis.log"; exit 1

/usr/bin/redis-server:
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq redis-server
