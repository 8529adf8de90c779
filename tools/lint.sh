#!/usr/bin/env bash
# Static checks that need no emulator and no ansible-test venvs (DESIGN.md section 6):
#
#   ruff check   plugins tools tests benchmarks   (pyproject.toml [tool.ruff])
#   yamllint     --strict .                        (.yamllint)
#   ansible-lint production profile, offline       (.ansible-lint)
#
# Every check runs, a summary follows; the exit status is that of the first check
# that failed (0 when all passed). ansible-test sanity is separate: tools/sanity/run.sh.
#
# yamllint runs with --strict because ansible-lint reports yamllint's warnings
# (document-start, truthy, ...) as violations too; both tools should agree.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${WEBSTACK_VENV:-$repo/.venv}/bin
cd "$repo" || exit 2
# ansible-lint calls ansible-playbook and friends by name: the venv's, not whatever PATH finds first.
export PATH=$bin:$PATH

for tool in ruff yamllint ansible-lint; do
    [[ -x $bin/$tool ]] || { echo "lint: $bin/$tool not found; create the project venv first (make setup)" >&2; exit 2; }
done

# ansible-lint resolves webstack.aws.* names through a collection path; `make setup`
# links the repository there as ansible_collections/webstack/aws. Do the same if missing.
link=.ansible/collections/ansible_collections/webstack/aws
if [[ ! -e $link && ! -L $link ]] || { [[ -L $link ]] && [[ ! -e $link/galaxy.yml ]]; }; then
    mkdir -p "$(dirname "$link")"
    ln -sfn ../../../.. "$link"
elif [[ ! -L $link ]]; then
    echo "lint: warning: $link is not a symlink to the repository; ansible-lint will use whatever is there" >&2
fi
# The repository's link first; then what ansible.cfg lists (amazon.aws and community.aws
# come from the `ansible` package in .venv, which ansible finds on sys.path anyway).
export ANSIBLE_COLLECTIONS_PATH=$repo/.ansible/collections${ANSIBLE_COLLECTIONS_PATH:+:$ANSIBLE_COLLECTIONS_PATH}:$HOME/.ansible/collections:/usr/share/ansible/collections

names=()
results=()
times=()
first_rc=0

run() {
    local name=$1 start rc
    shift
    printf '\n==> %s: %s\n' "$name" "$*"
    start=$(date +%s)
    "$@"
    rc=$?
    names+=("$name")
    results+=("$rc")
    times+=($(($(date +%s) - start)))
    if ((rc != 0 && first_rc == 0)); then
        first_rc=$rc
    fi
}

ruff_paths=()
for dir in plugins tools tests benchmarks; do
    [[ -d $dir ]] && ruff_paths+=("$dir")
done
if ((${#ruff_paths[@]})); then
    run ruff "$bin/ruff" check --output-format concise "${ruff_paths[@]}"
fi
run yamllint "$bin/yamllint" --strict .
run ansible-lint "$bin/ansible-lint" --profile production --offline

printf '\n==> summary\n'
for i in "${!names[@]}"; do
    if ((results[i] == 0)); then status=passed; else status="FAILED (exit ${results[i]})"; fi
    printf '  %-13s %-20s %ss\n' "${names[i]}" "$status" "${times[i]}"
done
exit "$first_rc"
