"""WSGI entry point, used by gunicorn: ``gunicorn itp.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

from itp.serving import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itp.settings")

application = get_wsgi_application()
require_secret_key()
