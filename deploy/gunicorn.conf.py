"""Gunicorn settings of an application node (deploy/systemd/cocite-web@.service passes the bind address).

Workers: WEB_CONCURRENCY from the environment file (gunicorn reads it), else 2 per core + 1.
With PROMETHEUS_MULTIPROC_DIR set, each worker writes its metrics there and /metrics adds them
up; a worker that exits has its live gauges removed (prometheus_client's multiprocess mode).
"""

import multiprocessing
import os

from prometheus_client import multiprocess

wsgi_app = "config.wsgi"
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
# Heartbeat files in RAM: a busy /tmp disk must not get workers killed as frozen.
worker_tmp_dir = "/dev/shm"  # noqa: S108
timeout = 60  # nginx's proxy_read_timeout: a request longer than that is abandoned by both
graceful_timeout = 30
keepalive = 30  # nginx keeps connections to the nodes open (upstream keepalive)
max_requests = 5000  # workers are replaced now and then (memory), with jitter so not all at once
max_requests_jitter = 500
# Two nodes on one host would fight over the per-user control socket.
control_socket_disable = True
# nginx writes the access log (with the request id); gunicorn logs errors to stderr (journald / logs).
accesslog = None
errorlog = "-"
# Only nginx, on this host or the private network, may set X-Forwarded-*.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def child_exit(server: object, worker: object) -> None:
    """Forget the gauges of a worker that exited (prometheus_client's multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
