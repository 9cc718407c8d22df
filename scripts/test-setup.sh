#!/bin/sh
# What the test suite needs beside Python packages, installed or started when missing:
# GNU gettext (catalogue test), Chromium (browser tests), a Redis server on 127.0.0.1:6379
# (the production cache backend's tests). Debian/Ubuntu packages; other systems: install
# them by hand and this script only checks.
set -u
need_apt=""
command -v xgettext >/dev/null 2>&1 || need_apt="$need_apt gettext"
[ -x "${COCITE_CHROMIUM:-/usr/bin/chromium}" ] || need_apt="$need_apt chromium"
command -v redis-server >/dev/null 2>&1 || need_apt="$need_apt redis-server"
if [ -n "$need_apt" ]; then
    if command -v apt-get >/dev/null 2>&1; then
        echo "== installation de :$need_apt (apt-get)"
        SUDO=""
        [ "$(id -u)" -eq 0 ] || SUDO="sudo"
        # shellcheck disable=SC2086
        ($SUDO apt-get install -y -qq $need_apt || ($SUDO apt-get update -qq && $SUDO apt-get install -y -qq $need_apt)) \
            >/dev/null 2>&1 || echo "impossible d'installer :$need_apt — installez-les à la main" >&2
    else
        echo "installez :$need_apt (paquets système) pour lancer toute la suite" >&2
    fi
fi
# Still missing (not installable here): one French line saying what to install, and stop before any test.
still=""
command -v xgettext >/dev/null 2>&1 || still="$still gettext"
[ -x "${COCITE_CHROMIUM:-/usr/bin/chromium}" ] || still="$still chromium"
command -v redis-server >/dev/null 2>&1 || [ -n "${REDIS_URL:-}" ] || still="$still redis-server"
if [ -n "$still" ]; then
    echo "Installez d'abord :$still (sudo apt-get install$still), puis relancez make test." >&2
    exit 1
fi
# A Redis server for the cache backend's tests (nothing kept on disk).
if [ -z "${REDIS_URL:-}" ] && command -v redis-server >/dev/null 2>&1; then
    if ! (command -v redis-cli >/dev/null 2>&1 && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1); then
        echo "== démarrage de redis-server sur 127.0.0.1:6379"
        redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null 2>&1 || {
            echo "Impossible de démarrer redis-server sur 127.0.0.1:6379 : libérez le port ou donnez REDIS_URL." >&2
            exit 1
        }
    fi
fi
exit 0
