import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alor.settings.dev")

application = get_wsgi_application()

# Everything loaded so far (Django, Wagtail, the project's modules) lives as long as the
# process: leave it out of the garbage collector's full passes, which otherwise walk it all
# in the middle of a request (10-15 ms pauses, the slowest searches of a run).
gc.collect()
gc.freeze()
