import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "connectmobilize.settings")
application = get_wsgi_application()

# Everything loaded so far lives as long as the process: keep it out of the cycle collector's full walks, which
# otherwise revisit it every few dozen requests and show up in the slowest requests under load.
gc.freeze()
