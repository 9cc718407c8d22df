#!/bin/sh
# Print the path of a Python >= 3.12 interpreter, trying each candidate by running it
# (pyenv shims exist but fail unless their version is selected), then pyenv's
# installed versions. Exit 1 with advice when none works.
check() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}
for candidate in "${PYTHON:-}" python3.13 python3.12 python3.14 python3 python; do
    [ -n "$candidate" ] || continue
    if check "$candidate"; then
        command -v "$candidate" 2>/dev/null || echo "$candidate"
        exit 0
    fi
done
root="${PYENV_ROOT:-$HOME/.pyenv}"
if command -v pyenv >/dev/null 2>&1; then root="$(pyenv root)"; fi
if [ -d "$root/versions" ]; then
    for dir in $(ls -1 "$root/versions" | grep -E '^3\.(1[2-9])(\.[0-9]+)?$' | sort -t. -k1,1nr -k2,2nr -k3,3nr); do
        if check "$root/versions/$dir/bin/python"; then
            echo "$root/versions/$dir/bin/python"
            exit 0
        fi
    done
fi
echo "Cocité needs Python 3.12 or newer (Django 6.1)." >&2
echo "Install it, e.g. 'apt-get install python3.12 python3.12-venv', 'brew install python@3.13'" >&2
echo "or 'pyenv install 3.13', or point PYTHON=/path/to/python3.12 at one." >&2
exit 1
