"""gunicorn's settings for serving the app in production (read by `make serve`).

Each value can be set from the environment, so one file serves every machine.
"""

import os
from pathlib import Path

import environ

# The .env file beside manage.py, as itp/settings.py reads it (variables already set win), so
# gunicorn and Django agree on DJANGO_BEHIND_TLS_PROXY; Django's settings are not loaded here.
environ.Env.read_env(Path(__file__).resolve().parent / ".env", overwrite=False)
env = environ.Env()

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two workers per core is a sound start for a database-bound Django app.
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1))))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then, so a slow leak can never take a server down.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    # X-Forwarded-Proto and the like are trusted only from the proxy's addresses.
    forwarded_allow_ips = env.str("GUNICORN_FORWARDED_ALLOW_IPS", default="127.0.0.1")
else:
    # No proxy sets them, so any such header comes from a client: trust none, from any
    # address (gunicorn trusts every peer on a Unix socket, hence the empty header lists).
    forwarded_allow_ips = ""
    secure_scheme_headers = {}
    forwarder_headers = ""
wsgi_app = "itp.wsgi:application"
