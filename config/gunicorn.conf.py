"""Gunicorn settings for the portal, chosen with the benchmarks (BENCHMARKS.md).

Every value can be overridden from the environment (GUNICORN_WORKERS, ...) or the
command line; `python -m bench.rush --workers N --threads M --stages reference,saves`
measures another choice on the same machine. Why these defaults, on the reference
machine (2 cores, with Postgres, Redis and a Celery worker on the same host):

- gthread workers: a request spends much of its time waiting on Postgres and Redis
  (an answer save is a session read, one pipelined Redis call for the limit and one
  UPDATE); threads overlap those waits without a process per connection. Slow
  clients are nginx's problem (it buffers bodies and answers: deploy/nginx), so a
  thread is held only while the portal works.
- workers = 2 per core: the GIL lets one process use one core; a second process per
  core keeps the CPU busy while the other waits. With 4 x 4 the machine's CPU was at
  97-100 % in every saturation stage, so more processes could only add switching.
  A sweep on 2026-11-23 (same machine, minutes apart; BENCHMARKS.md) confirmed it:
  2 x 8 left the CPU at 84-88 % and served 204 saves/s and 31 starts/s; 8 x 2 gave
  214 saves/s and 35 starts/s; 4 x 4 gave 233-310 saves/s and 38-41 starts/s.
- threads = 4: 2 cores x 2 workers x 4 threads = 16 database connections at most
  (CONN_MAX_AGE keeps them open), far under Postgres' 100, and enough to saturate
  the CPU (the saves stage reached the bare reference view's throughput, 0.97x).
- timeout 30 s: no portal request is legitimately longer (exports, closing and
  imports run in Celery); a stuck worker is recycled instead of holding a slot.
- backlog 512: a bounded queue. Behind a load balancer that stamps X-Request-Start,
  a request that waited longer than PORTAL_SHED_AFTER_MS (2 s) is answered 503 at
  once by core.middleware instead of being worked on after the client gave up.
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
