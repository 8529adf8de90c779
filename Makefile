# webstack.aws: two commands on a fresh machine.
#   make up     set up .venv, start the local AWS emulator, converge inventories/local
#   make test   every test CI runs
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
EMULATOR_PORT ?= 4566
EMULATOR := PYTHONPATH=tools/emulator $(BIN)/python -m webstack_emulator.control
COLLECTION_LINK := .ansible/collections/ansible_collections/webstack/aws
INVENTORY ?= inventories/local

.PHONY: help setup up converge teardown emulator emulator-stop test test-unit test-stack test-reliability lint sanity molecule bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is needed (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

$(COLLECTION_LINK):
	mkdir -p $(dir $(COLLECTION_LINK))
	ln -sfn ../../../.. $(COLLECTION_LINK)

# Ansible compiles each task's module_utils again from a fresh zip; this .pth keeps their bytecode
# (tools/ansiballz_cache: the same code, about 0.1 s of CPU less per task; WEBSTACK_ANSIBALLZ_CACHE=off).
$(BIN)/.ansiballz-cache: $(BIN)/.installed
	printf '%s\nimport webstack_ansiballz_cache\n' "$(CURDIR)/tools/ansiballz_cache" \
		> "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/webstack_ansiballz_cache.pth"
	touch $@

setup: $(BIN)/.installed $(COLLECTION_LINK) $(BIN)/.ansiballz-cache ## install everything into .venv (only when requirements changed)

EMULATOR_ARGS ?=
emulator: setup ## start the local AWS emulator if it is not running; prints its URL last (EMULATOR_ARGS="--latency-profile aws-scaled --latency-scale 0.05")
	@$(EMULATOR) start --port $(EMULATOR_PORT) $(EMULATOR_ARGS)

emulator-stop: ## stop the emulator started by `make emulator`
	@$(EMULATOR) stop

converge: setup ## ansible-playbook site.yml on INVENTORY (default inventories/local)
	$(BIN)/ansible-playbook site.yml -i $(INVENTORY)

up: emulator converge ## set up, start the emulator and converge the full local stack

teardown: setup ## remove the stack of INVENTORY, data included on the emulator
	$(BIN)/ansible-playbook playbooks/teardown.yml -i $(INVENTORY) $(if $(filter inventories/local,$(INVENTORY)),-e webstack_allow_data_loss=true)

test: setup ## everything CI runs: lint, sanity, unit, molecule, stack tests
	$(MAKE) lint
	$(MAKE) sanity
	$(MAKE) -j2 --output-sync=target test-unit molecule  # side by side: molecule waits on the emulator, unit tests fill the CPUs
	$(MAKE) test-stack

test-unit: setup ## pytest: module_utils, modules, filters, emulator
	$(BIN)/pytest tests/unit -q -n 2 --dist loadfile

test-stack: setup ## pytest: ansible-playbook site.yml against private emulators (fault seeds 1,2; killed-run seed 1)
	$(BIN)/pytest tests/integration -q -n 3 --dist loadfile --no-loadscope-reorder --durations=40

SEEDS ?= 1,2,3,4,5,6
test-reliability: setup ## the fault and killed-run tests over more seeds (SEEDS=1,2,3,4,5,6)
	WEBSTACK_FAULT_SEEDS=$(SEEDS) WEBSTACK_KILL_SEEDS=$(SEEDS) $(BIN)/pytest tests/integration/test_reliability.py -q

lint: setup ## ruff, yamllint, ansible-lint (production profile)
	bash tools/lint.sh

sanity: setup ## ansible-test sanity in an ansible_collections tree
	bash tools/sanity/run.sh

molecule: setup ## molecule scenario per role, against a private emulator
	bash tools/molecule.sh

BENCH_ARGS ?=
bench: setup ## converge time and API calls of INVENTORY on a private emulator; writes benchmarks/report.{md,json} (BENCH_ARGS="--scale 0.1")
	$(BIN)/python -m benchmarks.run --inventory $(INVENTORY) $(BENCH_ARGS)

clean: emulator-stop ## remove caches and build output (keeps .venv)
	rm -rf .pytest_cache .ruff_cache tests/output build *.tar.gz
