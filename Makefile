# Two commands: `make run` and `make test`. Everything else is a helper for those two.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT  # settings.SITE_URL defaults to the address served on
PYTEST_ARGS ?=

.PHONY: run test install install-dev migrate demo serve worker lint backup restore verify messages designsystemet clean bench

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput -v0

demo: migrate
	$(PY) manage.py load_demo --if-empty

# The web server (gunicorn + WhiteNoise, debug off), the task worker and the scheduler side by side.
run: demo
	$(PY) manage.py collectstatic --noinput -v0
	@echo "Bygdevekst: http://127.0.0.1:$(PORT)/  (demo users: see README, password: demo)"
	$(PY) manage.py db_worker --interval 5 & WORKER=$$!; \
	$(PY) manage.py run_scheduler & SCHEDULER=$$!; \
	trap 'kill $$WORKER $$SCHEDULER 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn bygdevekst.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --no-control-socket --access-logfile -

# (bytecode is cached even where PYTHONDONTWRITEBYTECODE is set: compiling every module and rewriting every
# test module's asserts afresh costs a run about 4 s; __pycache__ is ignored by git)
test: install-dev
	PYTHONDONTWRITEBYTECODE= TESTING=1 $(PY) -m pytest $(PYTEST_ARGS)

# Data safety: one archive (database + var/media + SHA-256 manifest) under var/backups/<timestamp>/; restore checks
# the manifest, replaces the data and the files (stop the app first) and runs verify. See docs/deployment.md.
backup: install
	$(PY) manage.py backup

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/<timestamp>/bygdevekst-backup.tar"; exit 2; }
	$(PY) manage.py restore --noinput "$(FILE)"

# Every agreement version, stored file and log row against its checksum (exit status 1 on any mismatch).
verify: install
	$(PY) manage.py verify

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/bandit -q -r bygdevekst -c pyproject.toml

# Refresh the catalogues from the source and compile them (needs GNU gettext). The compiled .mo files are
# committed, so `make run` needs no gettext on a laptop.
messages: install
	$(PY) manage.py makemessages -l nb -l nn -l en --ignore=.venv --ignore=tests --ignore=var -v0
	$(PY) manage.py compilemessages -v0 --ignore=.venv

# Refresh the vendored Designsystemet stylesheets from npm (needs Node). The built files are committed, so
# `make run` needs no Node. Bump the versions here and in static/vendor/designsystemet/VERSION together.
DS_CSS_VERSION := 1.22.0
DS_THEME_VERSION := 1.11.0
DS_DIR := bygdevekst/static/vendor/designsystemet
designsystemet:
	rm -rf var/designsystemet && mkdir -p var/designsystemet/css var/designsystemet/theme
	cd var/designsystemet && npm pack --silent @digdir/designsystemet-css@$(DS_CSS_VERSION) @digdir/designsystemet-theme@$(DS_THEME_VERSION)
	tar xzf var/designsystemet/digdir-designsystemet-css-$(DS_CSS_VERSION).tgz -C var/designsystemet/css
	tar xzf var/designsystemet/digdir-designsystemet-theme-$(DS_THEME_VERSION).tgz -C var/designsystemet/theme
	cp var/designsystemet/css/package/dist/src/index.css $(DS_DIR)/designsystemet.css
	cp var/designsystemet/css/package/LICENSE $(DS_DIR)/LICENSE-css
	cp var/designsystemet/theme/package/src/themes/designsystemet.css $(DS_DIR)/theme.css
	cp var/designsystemet/theme/package/LICENSE $(DS_DIR)/LICENSE-theme
	! grep -n '@import\|@font-face' $(DS_DIR)/designsystemet.css $(DS_DIR)/theme.css
	rm -rf var/designsystemet

clean:
	rm -rf $(VENV) var .pytest_cache

# Load test at national scale (docs/performance.md): builds var/bench/ once, then wrk against gunicorn.
# PostgreSQL: make bench BENCH_DATABASE_URL=postgres://app:app@127.0.0.1:5432/bench
bench: install
	$(PY) bench/bench.py
