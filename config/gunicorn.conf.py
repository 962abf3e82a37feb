"""gunicorn's settings for `make serve`; each can be overridden from the environment.

    WEB_CONCURRENCY       workers (default: 2 per CPU core + 1, gunicorn's own advice)
    GUNICORN_TIMEOUT      seconds a request may take before its worker is restarted (30)
    GLOSSA_MAX_REQUESTS   restart a worker after this many requests (0: never)
    FORWARDED_ALLOW_IPS   proxies trusted for X-Forwarded-* (default 127.0.0.1)
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
max_requests = int(os.environ.get("GLOSSA_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# The app is imported once and shared by the forked workers: less memory per worker.
# Database connections are opened lazily, in each worker, after the fork.
preload_app = True
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
