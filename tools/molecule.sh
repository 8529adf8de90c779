#!/usr/bin/env bash
# Runs every molecule scenario (or the ones named: tools/molecule.sh rds vpc), each against its own private
# emulator on a free port, MOLECULE_JOBS at a time (default 2: one per core). A scenario's output is printed
# as a whole when it ends, so parallel scenarios never interleave.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

run_one() {
  local name=$1 state port url
  state=$(mktemp -d)
  port=$(PYTHONPATH=tools/emulator $BIN/python -c 'from webstack_emulator.control import free_port; print(free_port())')
  url=$(PYTHONPATH=tools/emulator $BIN/python -m webstack_emulator.control start --port "$port" --state-dir "$state" | tail -n 1)
  # shellcheck disable=SC2064 # the state directory is this scenario's, expanded now
  trap "PYTHONPATH=tools/emulator $BIN/python -m webstack_emulator.control stop --state-dir '$state' >/dev/null" EXIT
  export WEBSTACK_AWS_ENDPOINT_URL="$url"
  # A run killed half-way leaves molecule's state (prepared: true) behind; start every scenario afresh.
  molecule reset -s "$name" >/dev/null 2>&1 || true
  molecule test -s "$name"
}

if [[ ${1:-} == --one ]]; then
  run_one "$2"
  exit
fi

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
export PATH="$PWD/$BIN:$PATH"
# As ansible.cfg has it for the playbooks: modules piped to Python, no temporary files per task.
export ANSIBLE_PIPELINING=true
# The repository is the collection: roles and modules resolve as webstack.aws.* through this link.
mkdir -p .ansible/collections/ansible_collections/webstack
ln -sfn ../../../.. .ansible/collections/ansible_collections/webstack/aws
export ANSIBLE_COLLECTIONS_PATH="$PWD/.ansible/collections:$PWD/$BIN/../lib/python3.11/site-packages"

if (($#)); then
  scenarios=("$@")
else
  scenarios=()
  for scenario in molecule/*/molecule.yml; do
    scenarios+=("$(basename "$(dirname "$scenario")")")
  done
fi
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
# Each job prints its scenario's whole log and a result line; xargs exits non-zero when any job failed.
status=0
printf '%s\n' "${scenarios[@]}" | xargs -P "${MOLECULE_JOBS:-2}" -I{} bash -c '
  start=$(date +%s)
  if bash "$0" --one {} >"$1/{}.log" 2>&1; then result=passed; else result=FAILED; fi
  summary="== molecule scenario {}: $result in $(( $(date +%s) - start ))s"
  {
    flock 9
    echo "== molecule scenario {}"
    cat "$1/{}.log"
    echo "$summary"
  } 9>"$1/print.lock"
  [[ $result == passed ]]
' "$0" "$logs" || status=1
exit $status
