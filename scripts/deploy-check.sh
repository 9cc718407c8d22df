#!/usr/bin/env bash
# make deploy-check: the production deployment of docs/deployment.md, run for real on this machine.
#
# deploy/ as shipped (nginx site, gunicorn config, environment template), only its paths, ports
# and names rewritten into a temporary directory: nginx on free high ports with TLS from a test CA,
# two gunicorn application nodes under config.settings.prod, a task worker and two schedulers, on
# a fresh PostgreSQL database and a private Redis. Then, through https://127.0.0.1:<port> with
# curl --cacert: pages, the HTTP→HTTPS redirect, static files, a protected image, a task, the
# scheduled commands, metrics, backup → restore → verification, the maintenance page, /healthz.
# Prints each check; exits 1 at the first failure; stops and removes everything it started.
#
# PostgreSQL: DEPLOY_CHECK_POSTGRES (default postgres://postgres@127.0.0.1:5432), a role that may
# create databases. Needs nginx, redis-server, openssl, curl, pg_dump/pg_restore (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$(pwd)"
PY="$REPO/${VENV:-.venv}/bin/python"
STARTED=$(date +%s)

say() { printf '%s\n' "$*"; }
ok() { printf '  ✓ [%3d s] %s\n' "$(($(date +%s) - STARTED))" "$*"; }
fail() {
    printf '  ✗ %s\n' "$*" >&2
    exit 1
}

# --- What the check needs from Debian ---------------------------------------------------------
missing=""
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx-light"
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
command -v openssl >/dev/null 2>&1 || missing="$missing openssl"
command -v curl >/dev/null 2>&1 || missing="$missing curl"
command -v pg_dump >/dev/null 2>&1 || missing="$missing postgresql-client"
if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "== installation de :$missing (apt-get)"
        # shellcheck disable=SC2086
        (apt-get install -y -qq $missing || (apt-get update -qq && apt-get install -y -qq $missing)) >/dev/null 2>&1 ||
            fail "impossible d'installer :$missing"
    else
        echo "Installez d'abord :$missing (sudo apt-get install$missing), puis relancez make deploy-check." >&2
        exit 1
    fi
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[ -x "$PY" ] || fail "pas d'environnement Python : lancez d'abord « make .venv/.installed »"

# --- A temporary host: /srv/cocite, /etc/ssl/cocite, /var/log/nginx live under $WORK ----------------
WORK="$(mktemp -d /tmp/cocite-deploy-check.XXXXXX)"
chmod 755 "$WORK" # nginx's workers (another user when started as root) read the static files
PIDS=()
PG_BASE="${DEPLOY_CHECK_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
DB="cocite_deploycheck_$$"
DB_RESTORED="cocite_deploycheck_restored_$$"

cleanup() {
    status=$?
    set +e
    [ -f "$WORK/nginx.pid" ] && "$NGINX" -c "$WORK/nginx.conf" -s stop 2>/dev/null
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$pid" 2>/dev/null
    done
    for db in "$DB" "$DB_RESTORED"; do
        psql "$PG_BASE/postgres" -qXc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
    done
    if [ "$status" -ne 0 ]; then
        echo "--- fin des journaux (dans $WORK/log) ---" >&2
        tail -n 15 "$WORK"/log/*.log >&2 2>/dev/null
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
HTTPS_PORT=$(free_port)
HTTP_PORT=$(free_port)
NODE_A=$(free_port)
NODE_B=$(free_port)
REDIS_PORT=$(free_port)
mkdir -p "$WORK"/{srv/static,srv/var/media,srv/backups,tls,log,metrics,nginx-temp}

say "== Cocité : vérification du déploiement (deploy/, config.settings.prod) dans $WORK"

# PostgreSQL: started if this machine's cluster stopped (as .ci/run does), then a fresh database.
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start 2>/dev/null || true
fi
psql "$PG_BASE/postgres" -qXc "CREATE DATABASE $DB" >/dev/null || fail "PostgreSQL ($PG_BASE) : création de $DB impossible"
ok "PostgreSQL : base neuve $DB"

redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --daemonize no \
    >"$WORK/log/redis.log" 2>&1 &
PIDS+=($!)
ok "Redis : serveur privé sur 127.0.0.1:$REDIS_PORT"

# A test certificate authority, and the server's certificate it signs (127.0.0.1 and localhost).
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Cocite deploy-check CA" \
    -keyout "$WORK/tls/ca.key" -out "$WORK/tls/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$WORK/tls/privkey.pem" \
    -out "$WORK/tls/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n' >"$WORK/tls/ext.cnf"
openssl x509 -req -in "$WORK/tls/server.csr" -CA "$WORK/tls/ca.pem" -CAkey "$WORK/tls/ca.key" -CAcreateserial \
    -days 2 -extfile "$WORK/tls/ext.cnf" -out "$WORK/tls/fullchain.pem" 2>/dev/null
ok "TLS : autorité de test et certificat pour 127.0.0.1"

# --- The environment file: deploy/cocite.env.example with this machine's values ----------------
METRICS_TOKEN="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(32))')"
SECRET="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
sed -e "s|/srv/cocite|$WORK/srv|g" \
    -e "s|^SECRET_KEY=.*|SECRET_KEY=$SECRET|" \
    -e "s|^ALLOWED_HOSTS=.*|ALLOWED_HOSTS=127.0.0.1,localhost|" \
    -e "s|^CSRF_TRUSTED_ORIGINS=.*|CSRF_TRUSTED_ORIGINS=https://127.0.0.1:$HTTPS_PORT|" \
    -e "s|^SITE_URL=.*|SITE_URL=https://127.0.0.1:$HTTPS_PORT|" \
    -e "s|^DATABASE_URL=.*|DATABASE_URL=$PG_BASE/$DB|" \
    -e "s|^REDIS_URL=.*|REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0|" \
    -e "s|^EMAIL_URL=.*|EMAIL_URL=consolemail://|" \
    -e "s|^WEB_CONCURRENCY=.*|WEB_CONCURRENCY=2|" \
    -e "s|^METRICS_TOKEN=.*|METRICS_TOKEN=$METRICS_TOKEN|" \
    -e "s|^PROMETHEUS_MULTIPROC_DIR=.*|PROMETHEUS_MULTIPROC_DIR=$WORK/metrics|" \
    deploy/cocite.env.example >"$WORK/cocite.env"
grep -q "change-me" "$WORK/cocite.env" && fail "cocite.env : une valeur « change-me » est restée"
# As docs/deployment.md: every manage.py command runs with this environment.
set -a
# shellcheck disable=SC1091
. "$WORK/cocite.env"
set +a
export PYTHONUNBUFFERED=1
ok "environnement : deploy/cocite.env.example rempli ($WORK/cocite.env)"

manage() { "$PY" manage.py "$@"; }
# collectstatic needs no database: it runs while the database is migrated and filled.
manage collectstatic --noinput -v0 >"$WORK/log/collectstatic.log" 2>&1 &
COLLECTSTATIC=$!
manage migrate --noinput -v0
ok "manage.py migrate --noinput"
manage seed_demo >/dev/null
ok "manage.py seed_demo (le contenu de la démo, pour les requêtes qui suivent)"
wait "$COLLECTSTATIC" || fail "manage.py collectstatic : $(tail -n 5 "$WORK/log/collectstatic.log")"
ok "manage.py collectstatic --noinput"
manage check --deploy --fail-level WARNING >/dev/null
ok "manage.py check --deploy --fail-level WARNING"
FIXTURE="$(manage shell -c "$(cat scripts/deploy_check/fixture.py)" | tail -n 1)"
IMAGE_URL="$(echo "$FIXTURE" | "$PY" -c 'import json, sys; print(json.load(sys.stdin)["url"])')"
IMAGE_FILE="$(echo "$FIXTURE" | "$PY" -c 'import json, sys; print(json.load(sys.stdin)["file"])')"
SESSION="$(echo "$FIXTURE" | "$PY" -c 'import json, sys; print(json.load(sys.stdin)["session"])')"
ok "une image sur une contribution de la démarche réservée aux agents, et la session de son auteur"

# --- The processes systemd would run (deploy/systemd/*.service) --------------------------------
start() { # name, command…
    local name="$1"
    shift
    "$@" >"$WORK/log/$name.log" 2>&1 &
    PIDS+=($!)
    eval "PID_${name//-/_}=$!"
}
start web-a .venv/bin/gunicorn --config deploy/gunicorn.conf.py --bind "127.0.0.1:$NODE_A"
start web-b .venv/bin/gunicorn --config deploy/gunicorn.conf.py --bind "127.0.0.1:$NODE_B"
start worker "$PY" manage.py task_worker --queue-name '*' --interval 0.5
# A job whose time comes while the check runs (an hourly one at :05…) rightly runs again for
# that new slot: only the slots already due when the schedulers start are counted once each.
SCHEDULERS_STARTED=$(date -u +%Y-%m-%dT%H:%M:%S+00:00)
start scheduler-a "$PY" manage.py scheduler --interval 2
start scheduler-b "$PY" manage.py scheduler --interval 2

# nginx: the site files as shipped, paths and ports rewritten; a main file for a non-system instance.
mkdir -p "$WORK/nginx"
for file in cocite.conf proxy.conf maintenance.conf; do
    sed -e "s|/srv/cocite/app/deploy/nginx/|$WORK/nginx/|g" \
        -e "s|/srv/cocite/app|$REPO|g" -e "s|/srv/cocite|$WORK/srv|g" -e "s|/etc/ssl/cocite|$WORK/tls|g" \
        -e "s|/var/log/nginx|$WORK/log|g" -e "/listen \[::\]/d" \
        -e "s|listen 80;|listen 127.0.0.1:$HTTP_PORT;|" -e "s|listen 443 ssl http2;|listen 127.0.0.1:$HTTPS_PORT ssl http2;|" \
        -e "s|server 127.0.0.1:8001|server 127.0.0.1:$NODE_A|" -e "s|server 127.0.0.1:8002|server 127.0.0.1:$NODE_B|" \
        -e "s|server_name cocite.example.fr;|server_name 127.0.0.1 localhost;|" \
        -e "s|return 301 https://\$host\$request_uri;|return 301 https://\$host:$HTTPS_PORT\$request_uri;|" \
        "deploy/nginx/$file" >"$WORK/nginx/$file"
done
cat >"$WORK/nginx.conf" <<EOF
# The check's own nginx (Debian's nginx.conf would need root's paths): the shipped site inside.
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/log/nginx-error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path $WORK/nginx-temp/body;
    proxy_temp_path $WORK/nginx-temp/proxy;
    fastcgi_temp_path $WORK/nginx-temp/fastcgi;
    uwsgi_temp_path $WORK/nginx-temp/uwsgi;
    scgi_temp_path $WORK/nginx-temp/scgi;
    include $WORK/nginx/cocite.conf;
}
EOF
"$NGINX" -t -q -c "$WORK/nginx.conf" 2>"$WORK/log/nginx-test.log" || {
    cat "$WORK/log/nginx-test.log" >&2
    fail "nginx -t : la configuration est refusée"
}
ok "nginx -t : deploy/nginx/cocite.conf accepté"
"$NGINX" -c "$WORK/nginx.conf"
ok "nginx sur https://127.0.0.1:$HTTPS_PORT et http://127.0.0.1:$HTTP_PORT"

BASE="https://127.0.0.1:$HTTPS_PORT"
CURL=(curl -sS --max-time 30 --cacert "$WORK/tls/ca.pem")
# status of GET $1 through nginx (headers in $WORK/h, body in $WORK/b); more curl options may follow.
get() {
    local url="$1"
    shift
    "${CURL[@]}" -o "$WORK/b" -D "$WORK/h" -w '%{http_code}' "$@" "$url"
}
header() { grep -i "^$1:" "$WORK/h" | head -1 | cut -d' ' -f2- | tr -d '\r'; }

wait_for() { # url, seconds: until it answers 200
    local deadline=$(($(date +%s) + $2))
    until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1")" = "200" ]; do
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.3
    done
}
wait_for "http://127.0.0.1:$NODE_A/healthz" 60 || fail "le nœud A ne répond pas sur /healthz"
wait_for "http://127.0.0.1:$NODE_B/healthz" 60 || fail "le nœud B ne répond pas sur /healthz"
ok "deux nœuds gunicorn (config.settings.prod) : 127.0.0.1:$NODE_A et 127.0.0.1:$NODE_B"

say "== Requêtes à travers nginx (curl --cacert, certificat vérifié)"
code=$(get "$BASE/")
[ "$code" = 200 ] && grep -q '<html lang="fr">' "$WORK/b" || fail "GET / : $code"
REQUEST_ID="$(header X-Request-ID)"
[ -n "$REQUEST_ID" ] || fail "GET / : pas d'en-tête X-Request-ID"
[ -n "$(header Strict-Transport-Security)" ] || fail "GET / : pas de HSTS"
ok "GET / : 200, page française, HSTS, X-Request-ID $REQUEST_ID"
for path in /demarches/ /decisions/ /resultats/; do
    code=$(get "$BASE$path")
    [ "$code" = 200 ] || fail "GET $path : $code"
done
ok "GET /demarches/, /decisions/, /resultats/ : 200"
grep -q "\"request_id\":\"$REQUEST_ID\"" "$WORK/log/cocite.access.log" ||
    fail "le journal d'accès de nginx n'a pas l'identifiant $REQUEST_ID"
ok "journal d'accès nginx en JSON, avec le même identifiant de requête"

code=$(get "http://127.0.0.1:$HTTP_PORT/demarches/")
[ "$code" = 301 ] && [ "$(header Location)" = "$BASE/demarches/" ] || fail "HTTP → HTTPS : $code $(header Location)"
ok "http://…/demarches/ : 301 vers $BASE/demarches/"
code=$(get "http://127.0.0.1:$HTTP_PORT/healthz")
[ "$code" = 200 ] && grep -q '"status": "ok"' "$WORK/b" || fail "http://…/healthz : $code $(cat "$WORK/b")"
ok "http://…/healthz (répartiteur de charge, sans TLS) : 200 {\"status\": \"ok\"}"
code=$(get "$BASE/healthz")
[ "$code" = 200 ] || fail "GET /healthz : $code"
ok "GET /healthz : 200"

get "$BASE/" >/dev/null
CSS="$(grep -o '/static/css/cocite\.[0-9a-f]\{12\}\.css' "$WORK/b" | head -1)"
[ -n "$CSS" ] || fail "pas de feuille de style au nom haché dans la page d'accueil"
code=$(get "$BASE$CSS" -H 'Accept-Encoding: gzip')
[ "$code" = 200 ] || fail "GET $CSS : $code"
[[ "$(header Cache-Control)" == *"max-age=31536000"*"immutable"* ]] || fail "GET $CSS : Cache-Control « $(header Cache-Control) »"
[ "$(header Content-Encoding)" = gzip ] || fail "GET $CSS : pas envoyé compressé (.gz de collectstatic)"
[ -z "$(header X-Request-ID)" ] || fail "GET $CSS : servi par l'application au lieu de nginx"
ok "GET $CSS : 200 par nginx, Cache-Control « $(header Cache-Control) », gzip"

code=$(get "$BASE$IMAGE_URL")
[ "$code" = 404 ] || fail "image protégée, visiteur : $code au lieu de 404"
ok "image protégée, visiteur : 404"
code=$(get "$BASE$IMAGE_URL" -b "sessionid=$SESSION")
[ "$code" = 200 ] || fail "image protégée, son auteur : $code"
cmp -s "$WORK/b" "$IMAGE_FILE" || fail "image protégée : le contenu reçu n'est pas le fichier"
[ -z "$(header X-Accel-Redirect)" ] || fail "image protégée : X-Accel-Redirect a fuité vers le client"
[[ "$(header Cache-Control)" == *private* ]] || fail "image protégée : Cache-Control « $(header Cache-Control) »"
ok "image protégée, son auteur : 200, le fichier envoyé par nginx (X-Accel-Redirect), Cache-Control private"
code=$(get "$BASE/_protected/media/${IMAGE_FILE#"$MEDIA_ROOT"/}")
[ "$code" = 404 ] || fail "GET /_protected/media/… en direct : $code au lieu de 404"
code=$(get "$BASE/media/${IMAGE_FILE#"$MEDIA_ROOT"/}")
[ "$code" = 404 ] || fail "GET /media/… en direct : $code au lieu de 404"
ok "le fichier en direct (/_protected/media/…, /media/…) : 404"

say "== Processus de tâches, commandes planifiées, métriques"
manage send_test_mail exploitation@example.org --wait 60 >"$WORK/log/send-test-mail.log" ||
    fail "manage.py send_test_mail : $(cat "$WORK/log/send-test-mail.log")"
ok "manage.py send_test_mail --wait 60 : $(tail -n 1 "$WORK/log/send-test-mail.log")"
grep -q "courriel d'essai" "$WORK/log/worker.log" || fail "le courriel d'essai n'est pas dans la sortie du processus de tâches"
ok "le courriel est passé par EMAIL_URL (consolemail:// : dans le journal du processus de tâches)"

JOBS=$(manage scheduler --list | wc -l)
deadline=$(($(date +%s) + 90))
until [ "$(psql "$DATABASE_URL" -AtXc "SELECT count(DISTINCT job) FROM operations_scheduledrun WHERE status <> 'running'")" -ge "$JOBS" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "les $JOBS commandes planifiées n'ont pas toutes tourné en 90 s"
    sleep 1
done
sleep 5 # both schedulers have woken up twice more since: nothing may run a second time
RUNS=$(psql "$DATABASE_URL" -AtXc "SELECT count(*) FROM operations_scheduledrun WHERE slot <= '$SCHEDULERS_STARTED'")
DISTINCT=$(psql "$DATABASE_URL" -AtXc "SELECT count(DISTINCT job) FROM operations_scheduledrun")
TWICE=$(psql "$DATABASE_URL" -AtXc "SELECT string_agg(job, ', ') FROM (SELECT job FROM operations_scheduledrun WHERE slot <= '$SCHEDULERS_STARTED' GROUP BY job HAVING count(*) > 1) AS again")
LATER=$(psql "$DATABASE_URL" -AtXc "SELECT count(*) FROM operations_scheduledrun WHERE slot > '$SCHEDULERS_STARTED'")
FAILED=$(psql "$DATABASE_URL" -AtXc "SELECT string_agg(job, ', ') FROM operations_scheduledrun WHERE status <> 'succeeded'")
NODES=$(psql "$DATABASE_URL" -AtXc "SELECT count(DISTINCT node) FROM operations_scheduledrun")
[ "$DISTINCT" = "$JOBS" ] || fail "$DISTINCT commandes planifiées sur $JOBS ont tourné"
[ -z "$TWICE" ] || fail "deux planificateurs : $TWICE a tourné deux fois ($RUNS exécutions pour $JOBS commandes)"
[ -z "$FAILED" ] || fail "commandes planifiées en échec : $FAILED"
ok "deux planificateurs : $JOBS commandes planifiées exécutées une fois chacune (par $NODES processus), toutes réussies$([ "$LATER" = 0 ] || echo " ; $LATER de plus pour une heure venue pendant la vérification")"
manage scheduler --list >"$WORK/log/scheduler-list.log"
ok "manage.py scheduler --list : $(grep -c 'dernière' "$WORK/log/scheduler-list.log") commandes avec leur dernière exécution"

code=$(get "$BASE/metrics")
[ "$code" = 401 ] || fail "GET /metrics sans jeton : $code au lieu de 401"
code=$(get "$BASE/metrics" -H "Authorization: Bearer $METRICS_TOKEN")
[ "$code" = 200 ] || fail "GET /metrics avec le jeton : $code"
for metric in 'cocite_request_duration_seconds_bucket{.*route="home"' cocite_tasks_ready cocite_tasks_oldest_ready_age_seconds \
    cocite_tasks_failed 'cocite_mails_sent_total [1-9]'; do
    grep -q "^$metric" "$WORK/b" || fail "GET /metrics : pas de $metric"
done
ok "GET /metrics : 401 sans jeton ; avec : latence par route, file des tâches, tâches en échec, courriels envoyés"

say "== Sauvegarde → restauration dans une base neuve → vérification"
manage backup --output "$BACKUP_DIR" --keep 14 >"$WORK/log/backup.log"
BACKUP="$(ls -d "$BACKUP_DIR"/cocite-* | tail -1)"
ok "manage.py backup : $(tail -n 1 "$WORK/log/backup.log")"
psql "$PG_BASE/postgres" -qXc "CREATE DATABASE $DB_RESTORED" >/dev/null
DATABASE_URL="$PG_BASE/$DB_RESTORED" MEDIA_ROOT="$WORK/restored-media" manage restore "$BACKUP" >"$WORK/log/restore.log" ||
    fail "manage.py restore : $(cat "$WORK/log/restore.log")"
while read -r line; do ok "manage.py restore : $line"; done <"$WORK/log/restore.log"
cmp -s "$WORK/restored-media/${IMAGE_FILE#"$MEDIA_ROOT"/}" "$IMAGE_FILE" || fail "l'image restaurée diffère"
ok "fichiers restaurés (l'image protégée identique)"
DATABASE_URL="$PG_BASE/$DB_RESTORED" MEDIA_ROOT="$WORK/restored-media-2" manage restore "$BACKUP" >"$WORK/log/restore-2.log" 2>&1 &&
    fail "manage.py restore a accepté une base qui n'est pas vide"
ok "manage.py restore dans une base non vide : refusé ($(grep -o 'La base de données n.est pas vide' "$WORK/log/restore-2.log"))"

say "== Maintenance"
kill "$PID_web_a" "$PID_web_b"
wait "$PID_web_a" "$PID_web_b" 2>/dev/null || true
code=$(get "$BASE/demarches/")
[ "$code" = 503 ] && grep -q "Le site est momentanément indisponible" "$WORK/b" && grep -q '<html lang="fr">' "$WORK/b" ||
    fail "les deux nœuds arrêtés : $code au lieu de la page de maintenance"
[ "$(header Retry-After)" = 30 ] || fail "page de maintenance sans Retry-After"
ok "les deux nœuds arrêtés : 503, page de maintenance française, Retry-After 30"
code=$(get "http://127.0.0.1:$HTTP_PORT/healthz")
[ "$code" = 503 ] || fail "http://…/healthz sans nœud : $code au lieu de 503"
ok "http://…/healthz sans nœud : 503 (le répartiteur retire ce serveur)"

say "== make deploy-check : tout est vérifié en $(($(date +%s) - STARTED)) s"
