"""WSGI entry point: `gunicorn parting.wsgi` or `parting serve`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parting.settings")
application = get_wsgi_application()
