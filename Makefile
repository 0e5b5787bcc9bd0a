# innobot — `make run` and `make test` work on a fresh machine with Python 3.11.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install index run chat test lint eval bench clean lock docker-check doctor

# Reinstall whenever the dependencies change. constraints.txt pins torch to the CPU build;
# requirements.lock, every runtime dependency at the version the Docker image installs (a newer
# sentence-transformers or lxml released since would otherwise come in here, not there).
$(STAMP): pyproject.toml constraints.txt requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing innobot into $(VENV) (first time: a few minutes)…"
	@$(BIN)/pip install -q -c constraints.txt -c requirements.lock -e ".[dev]" 2>&1 | { grep -v "is ignored: it is neither" || true; }
	@touch $(STAMP)

install: $(STAMP)

# Built if missing, brought up to date otherwise (posts added to corpus/, a new analysis); if the
# update is refused (the quality gate, a broken corpus), the current index is kept and the bot starts.
index: install
	@$(BIN)/innobot index update || $(BIN)/innobot index build --if-missing

run: index
	@$(BIN)/innobot run

chat: index
	@$(BIN)/innobot chat

# Two workers: many tests wait on simulated networks (flood control, killed processes) while
# others embed; -n 2 keeps CI near 10 minutes on 2 cores. The slowest tests are listed: CI must stay
# under ~15 minutes in all.
test: install
	@HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -n 2 --durations=15

lint: install
	@$(BIN)/ruff check bot tests benchmarks scripts
	@$(BIN)/ruff format --check bot tests benchmarks scripts
	@$(BIN)/mypy bot
	@$(BIN)/hadolint Dockerfile

# The Docker image's install steps (docker/install.sh), run in a clean virtual environment, then
# the installed innobot checks itself. CI runs this: no Docker engine is needed.
docker-check: install
	@rm -rf .docker-check && sh docker/install.sh .docker-check/venv
	@cd .docker-check && export HF_HUB_OFFLINE=1 INNOBOT_CORPUS_DIR=../corpus INNOBOT_INDEX_DIR=index \
		&& venv/bin/innobot index build > /dev/null && venv/bin/innobot doctor
	@rm -rf .docker-check

# Regenerate requirements.lock from a clean environment (after changing pyproject.toml).
lock:
	@rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	@.lock-venv/bin/pip install -q -c constraints.txt . 2>&1 | { grep -v "is ignored: it is neither" || true; }
	@{ head -3 requirements.lock; .lock-venv/bin/pip freeze --exclude innobot | sed 's/^torch==\(.*\)+cpu$$/torch==\1/'; } > requirements.lock.new
	@mv requirements.lock.new requirements.lock && rm -rf .lock-venv

doctor: install
	@$(BIN)/innobot doctor

# Quality on the real archive (../shared/fixtures/wordpress; its index is kept in .cache/) and on
# the seed posts, by kind of question. The first run embeds the archive: about 12 minutes.
eval: install
	@HF_HUB_OFFLINE=1 $(BIN)/python -m benchmarks.eval_archive

bench: install
	@HF_HUB_OFFLINE=1 $(BIN)/python -m benchmarks.bench_build
	@HF_HUB_OFFLINE=1 $(BIN)/python -m benchmarks.bench_query
	@HF_HUB_OFFLINE=1 $(BIN)/python -m benchmarks.bench_archive

clean:
	rm -rf $(VENV) index/versions index/CURRENT .pytest_cache .mypy_cache .ruff_cache .cache
