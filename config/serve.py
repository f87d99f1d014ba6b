"""The portal's application server: granian (a Rust HTTP server) running the WSGI app.

    python -m config.serve    # docker-compose's `web`; bench/stack.py, bench/nodes.py

Every value can be overridden from the environment (PORTAL_WORKERS, ...). Chosen with
the benchmarks (BENCHMARKS.md, issue 15), on the reference machine (2 cores, with
Postgres, Redis, nginx and a Celery worker on the same host):

- granian instead of gunicorn (gthread), measured in the same runs: an answer save
  costs the server processes about 30 % less CPU (1.09 against 1.56 ms at
  saturation; 932 against 786 saves/s), a start+submit pair about 12 % less, and the
  whole rush at 10 contestants a second about 10 % less. The HTTP parsing, the
  connection handling and the thread hand-off are Rust; Django runs unchanged
  (WSGI). Slow clients are still nginx's problem (it buffers bodies and answers).
- workers = 2 per core, 4 threads each, as with gunicorn: a request spends much of
  its time waiting on Postgres and Redis, and threads overlap those waits. 16 threads
  hold at most 16 database connections (CONN_MAX_AGE keeps them open), far under
  Postgres' 100. Eight single-threaded workers were tried: no better (BENCHMARKS.md).
- backlog 512: a bounded queue. nginx stamps X-Request-Start; a request that waited
  longer than PORTAL_SHED_AFTER_MS (2 s) is answered 503 at once by core.middleware
  instead of being worked on after the client gave up.
- a worker that dies is started again (gunicorn's master did the same); a worker is
  replaced after PORTAL_WORKER_LIFETIME seconds (6 h), never all at once, as
  gunicorn's max_requests did against slow leaks.
- granian has no per-request timeout (gunicorn's was 30 s): the workers' database
  connections get a statement_timeout of DB_STATEMENT_TIMEOUT_MS (30 s; set below,
  read by config/settings.py), Redis calls time out after 2 s, and no portal request
  is legitimately long (exports, closing and imports run in Celery, unlimited).
"""

from __future__ import annotations

import os

from granian import Granian
from granian.constants import Interfaces


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def options() -> dict:
    """granian's settings for this process's environment (tests read them)."""
    host, _, port = os.environ.get("PORTAL_BIND", "0.0.0.0:8000").rpartition(":")
    return {
        "target": "config.wsgi:application",
        "interface": Interfaces.WSGI,
        "address": host,
        "port": int(port),
        "workers": _int("PORTAL_WORKERS", 2 * (os.cpu_count() or 1)),
        "blocking_threads": _int("PORTAL_THREADS", 4),
        "backlog": _int("PORTAL_BACKLOG", 512),
        "websockets": False,  # the live final's sockets are daphne's (the live service)
        "respawn_failed_workers": True,
        "workers_lifetime": _int("PORTAL_WORKER_LIFETIME", 6 * 3600),
        "workers_kill_timeout": _int("PORTAL_GRACEFUL_TIMEOUT", 20),
        "log_level": os.environ.get("PORTAL_SERVER_LOG_LEVEL", "info"),
        "log_access": os.environ.get("PORTAL_ACCESS_LOG", "") == "1",
    }


def main() -> None:
    # Inherited by the workers: config/settings.py gives their database connections
    # a statement timeout (the web's only bound on a stuck request).
    os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "30000")
    Granian(**options()).serve()


if __name__ == "__main__":
    main()
