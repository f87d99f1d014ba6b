"""Gunicorn settings for the portal, chosen from the benchmarks (BENCHMARKS.md).

Every value can be overridden from the environment (GUNICORN_WORKERS, ...) or the
command line. Why these defaults, on the reference machine (2 cores, Postgres,
Redis and a Celery worker on the same host):

- gthread workers: a request spends most of its time waiting on Postgres and
  Redis; threads overlap those waits without a process per connection.
- workers = 2 per core: the GIL lets one process use one core; a second process
  per core keeps the CPU busy while the other waits. More processes on 2 cores only
  added context switches and Postgres connections in the rush benchmark.
- threads = 4: 2 cores x 2 workers x 4 threads = 16 database connections at most
  (CONN_MAX_AGE keeps them open), well under Postgres' 100, and enough to keep the
  CPU saturated; more threads raised p99 without raising throughput.
- timeout 30 s: no portal request is legitimately longer (exports, closing and
  imports run in Celery); a stuck worker is recycled instead of holding a slot.
- backlog 512: a bounded queue; requests that waited longer than
  PORTAL_SHED_AFTER_MS behind a load balancer are answered 503 at once by
  contests.middleware rather than timing out.
- max_requests with jitter: recycles workers slowly, never all at once.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count())
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
backlog = _int("GUNICORN_BACKLOG", 512)
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 500)
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Workers import the app after forking: each opens its own database connections.
preload_app = False
