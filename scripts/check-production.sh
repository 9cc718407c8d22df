#!/bin/sh
# The documented production setup, for real (run by .ci/run after the test passes): with
# config.settings.prod, a throwaway SECRET_KEY and a temporary STATIC_ROOT / var directory,
# collectstatic, check --deploy, migrate, seed_demo, gunicorn as the README starts it, then
# pages over HTTP. Prints what it checked; exits 1 on any failure.
# The steps are in cocite/core/production_check.py (the test suite runs them too).
set -eu
cd "$(dirname "$0")/.."
exec "${VENV:-.venv}/bin/python" -m cocite.core.production_check "$@"
