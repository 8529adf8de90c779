#!/usr/bin/env bash
# Runs every molecule scenario against a private emulator on a free port.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
state=$(mktemp -d)
port=$(PYTHONPATH=tools/emulator $BIN/python -c 'from webstack_emulator.control import free_port; print(free_port())')
url=$(PYTHONPATH=tools/emulator $BIN/python -m webstack_emulator.control start --port "$port" --state-dir "$state" | tail -n 1)
trap 'PYTHONPATH=tools/emulator $BIN/python -m webstack_emulator.control stop --state-dir "$state" >/dev/null' EXIT
export WEBSTACK_AWS_ENDPOINT_URL="$url" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
export PATH="$PWD/$BIN:$PATH"
# As ansible.cfg has it for the playbooks: modules piped to Python, no temporary files per task.
export ANSIBLE_PIPELINING=true
# The repository is the collection: roles and modules resolve as webstack.aws.* through this link.
mkdir -p .ansible/collections/ansible_collections/webstack
ln -sfn ../../../.. .ansible/collections/ansible_collections/webstack/aws
export ANSIBLE_COLLECTIONS_PATH="$PWD/.ansible/collections:$PWD/$BIN/../lib/python3.11/site-packages"
status=0
for scenario in molecule/*/molecule.yml; do
  name=$(basename "$(dirname "$scenario")")
  echo "== molecule scenario $name"
  # A run killed half-way leaves molecule's state (prepared: true) behind; start every scenario afresh.
  molecule reset -s "$name" >/dev/null 2>&1 || true
  molecule test -s "$name" || status=1
done
exit $status
