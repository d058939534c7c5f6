"""`update_index`: Wagtail's, except that one backend failing does not stop the others.

With Elasticsearch configured, the database backend is kept alongside as the fallback
(alor.settings.base). Wagtail's command stops at the first backend that raises, so a cluster
that is down left the fallback unbuilt too. Here every backend is rebuilt in turn; the ones that
failed are named at the end, and the command exits with status 1.

A successful rebuild of Elasticsearch makes the updates it missed before the rebuild began moot
(search.engines.pending): their records are cleared, and the count is said.
"""

from django.core.management.base import CommandError
from django.utils import timezone
from modelsearch.conf import get_app_config
from wagtail.search.management.commands.update_index import Command as WagtailCommand

from search.engines import pending


class Command(WagtailCommand):
    help = "Rebuild every search backend's index; a backend that fails does not stop the rest."

    def handle(self, **options):
        self.verbosity = options["verbosity"]
        if options["backend_name"]:
            names = [options["backend_name"]]
        else:
            names = list(get_app_config().get_search_backend_config().keys())
        failed = []
        for name in names:
            started = timezone.now()
            try:
                self.update_backend(
                    name,
                    schema_only=options.get("schema_only", False),
                    chunk_size=options.get("chunk_size"),
                )
                if not options.get("schema_only", False):
                    cleared = pending.clear_before(name, started)
                    if cleared:
                        self.write(f"Backend '{name}': {cleared} missed update(s) now indexed")
            except Exception as error:  # noqa: BLE001 - reported, and the exit status says so
                failed.append(name)
                self.stderr.write(f"\nBackend '{name}' failed: {error.__class__.__name__}: {error}")
        rebuilt = [name for name in names if name not in failed]
        self.write(
            f"Rebuilt: {', '.join(rebuilt) or 'none'}; failed: {', '.join(failed) or 'none'}"
        )
        if failed:
            raise CommandError(f"Search backend(s) not rebuilt: {', '.join(failed)}")
