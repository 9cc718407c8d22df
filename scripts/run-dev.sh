#!/bin/sh
# Serve Cocité for development: the task worker in the background, the web server in front.
set -eu
PORT="${PORT:-8000}"
export DEBUG="${DEBUG:-1}"
.venv/bin/python manage.py task_worker --queue-name '*' &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
echo "Cocité : http://127.0.0.1:$PORT/  (Ctrl+C pour arrêter)"
.venv/bin/python manage.py runserver "127.0.0.1:$PORT"
