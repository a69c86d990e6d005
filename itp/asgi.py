"""ASGI entry point for servers that speak ASGI."""

import os

from django.core.asgi import get_asgi_application

from itp.serving import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itp.settings")

application = get_asgi_application()
require_secret_key()
