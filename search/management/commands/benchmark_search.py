"""Benchmark the search: reindex time and query latency on a synthetic Norwegian corpus.

    python manage.py benchmark_search --items 10000

Builds N items (half articles, half documents with extracted text) in a separate database
(`<name>_benchmark` on the same PostgreSQL server, or a temporary SQLite file), runs a full
`update_index`, then times a mix of queries through the search service and through
`/api/search/`: one word, several words, folded (written without æ/ø/å), filtered, and the
worst case of a word that stands in every item. Prints p50/p95/p99 per query and overall,
with a machine speed reference before and after (see `machine_reference`); `--runs R` times
the mix R times in a row and sums them up run by run. Runs with DEBUG off, as a server does.
The separate database is dropped afterwards unless --keep is given.
"""

import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command

from search.scratch_database import scratch_database

CHILD_FLAG = "ALOR_BENCHMARK_CHILD"
EVERYWHERE = "fellesnettverk"

VOCABULARY = """
sykefravær fraværet arbeidsplassen arbeidslivet alkohol alkoholbruk rusmidler rusmiddelbruk
pårørende ledere lederen ansatte medarbeidere spill spilleavhengighet pengespill gambling
forebygging tiltak samling samlingen nettverket nettverkssamling program programmet
presentasjon foredrag møtet referat avtale mandat handlingsplan tillitsvalgt verneombud
helse trivsel kultur oppfølging samtale kompetanse kurs opplæring Ålesund Bergen Tromsø
Trondheim Stavanger Kristiansand Oslo Hamar Bodø region vest nord øst sør midt ungdom
arbeidsgiver bedrift kommune sykehus skole politikk narkotika tobakk snus doping medisiner
""".split()
FILLER = """
og i på for med som til av det en et er har kan skal vil ble blir om ikke også når
hvordan hvorfor gjennom mellom etter under over mot uten både eller men så da
""".split()

QUERIES = [
    ("one word", {"q": "sykefravær"}),
    ("one word, plural", {"q": "samlinger"}),
    ("several words", {"q": "alkohol arbeidsplassen"}),
    ("folded", {"q": "parorende"}),
    ("compound part", {"q": "avhengighet"}),
    ("filtered", {"q": "spill", "type": "document", "year": "2024"}),
    ("date sort", {"q": "forebygging", "sort": "date"}),
    ("word in every item", {"q": EVERYWHERE}),
    ("word in every item, page 5", {"q": EVERYWHERE, "page": "5"}),
]


class Command(BaseCommand):
    help = "Benchmark reindexing and search latency on a synthetic corpus in a separate database."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=10_000)
        parser.add_argument("--repeat", type=int, default=15, help="runs of each query")
        parser.add_argument(
            "--runs",
            type=int,
            default=1,
            help="times the whole query mix is timed, one after another",
        )
        parser.add_argument("--keep", action="store_true", help="keep the benchmark database")

    def handle(self, *args, **options):
        if options["items"] < 10:
            raise CommandError("--items must be at least 10.")
        if options["repeat"] < 1 or options["runs"] < 1:
            raise CommandError("--repeat and --runs must be at least 1.")
        if os.environ.get(CHILD_FLAG):
            return self.run_benchmark(options)
        url, cleanup = scratch_database("benchmark")
        # DEBUG off, as on a production server: with DEBUG on, Django records every query and,
        # on SQLite, runs one more query per statement to show its parameters.
        env = {**os.environ, CHILD_FLAG: "1", "DATABASE_URL": url, "DEBUG": "0"}
        argv = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "benchmark_search"]
        argv += ["--items", str(options["items"]), "--repeat", str(options["repeat"])]
        argv += ["--runs", str(options["runs"])]
        self.stdout.write(f"Benchmark database: {url.rsplit('@', 1)[-1]}")
        try:
            subprocess.run(argv, env=env, check=True)  # noqa: S603
        except subprocess.CalledProcessError as error:
            raise CommandError("The benchmark failed.") from error
        finally:
            if not options["keep"]:
                cleanup()

    # ---------------------------------------------------------------- inside the child process

    def run_benchmark(self, options):
        from django.db import connection

        n = options["items"]
        self.stdout.write(f"Database: {connection.vendor}; items: {n}; DEBUG: {settings.DEBUG}")
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        self.stdout.write(f"  migrate: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        self.build_corpus(n)
        self.stdout.write(f"  corpus built: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        call_command("update_index", verbosity=0)
        reindex = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Full reindex of {n} items: {reindex:.1f} s"))
        # The steady state autovacuum reaches (planner statistics; on PostgreSQL also the
        # dead rows of the rebuild cleared), so autovacuum does not run during the timings.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        summary = []
        for run in range(1, options["runs"] + 1):
            if options["runs"] > 1:
                self.stdout.write(f"Run {run} of {options['runs']}")
            summary.append(self.time_queries(options["repeat"]))
        if len(summary) > 1:
            self.stdout.write("All queries, run by run (machine speed reference before / after):")
            for run, (before, after, service_times, api_times) in enumerate(summary, 1):
                self.stdout.write(
                    f"  run {run}: {before:.0f} / {after:.0f} ms; service "
                    f"{self.percentiles(service_times)} ms; API {self.percentiles(api_times)} ms"
                )

    def build_corpus(self, n):
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection, transaction
        from wagtail.models import Collection, Locale, Page

        from kb.models import AlorDocument, ArticlePage, DocumentKind, KnowledgeIndexPage

        rng = random.Random(20260)  # noqa: S311 - a repeatable corpus, not security
        locale = Locale.objects.get_or_create(language_code="nb")[0]

        def text(words):
            out = [EVERYWHERE]
            for _ in range(words):
                out.append(rng.choice(VOCABULARY) if rng.random() < 0.45 else rng.choice(FILLER))
            return " ".join(out) + "."

        root = Page.get_first_root_node()
        parent = root.add_child(
            instance=KnowledgeIndexPage(title="Kunnskap", slug=f"bench-{uuid.uuid4().hex[:6]}")
        )
        ct = ContentType.objects.get_for_model(ArticlePage)
        pages = n // 2
        step = 4  # treebeard steplen
        alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

        def key(i):
            digits = ""
            for _ in range(step):
                i, r = divmod(i, len(alphabet))
                digits = alphabet[r] + digits
            return digits

        fields = ArticlePage._meta.local_concrete_fields
        table = ArticlePage._meta.db_table
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        insert = (
            f"INSERT INTO {table} ({columns}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(fields))})"
        )
        with transaction.atomic():
            batch = 2000
            for offset in range(0, pages, batch):
                rows = []
                for i in range(offset, min(pages, offset + batch)):
                    title = " ".join(rng.sample(VOCABULARY, 3)).capitalize()
                    rows.append(
                        Page(
                            title=title,
                            draft_title=title,
                            slug=f"artikkel-{i}",
                            path=parent.path + key(i + 1),
                            depth=parent.depth + 1,
                            numchild=0,
                            content_type=ct,
                            locale=locale,
                            live=True,
                            url_path=f"{parent.url_path}artikkel-{i}/",
                            translation_key=uuid.uuid4(),
                            first_published_at=f"20{rng.randint(15, 26)}-0{rng.randint(1, 9)}-1"
                            "0T12:00:00+00:00",
                        )
                    )
                created = Page.objects.bulk_create(rows)
                children = []
                for page in created:
                    article = ArticlePage(
                        page_ptr_id=page.pk,
                        intro=text(25),
                        date=f"20{rng.randint(15, 26)}-0{rng.randint(1, 9)}-15",
                    )
                    article.body = []
                    children.append(
                        [f.get_db_prep_save(f.pre_save(article, True), connection) for f in fields]
                    )
                with connection.cursor() as cursor:
                    cursor.executemany(insert, children)
            Page.objects.filter(pk=parent.pk).update(numchild=pages)
            collection = Collection.get_first_root_node()
            kinds = [k for k, _label in DocumentKind.choices]
            docs = [
                AlorDocument(
                    title=" ".join(rng.sample(VOCABULARY, 4)).capitalize(),
                    file=f"documents/benchmark-{i}.pdf",
                    collection=collection,
                    kind=rng.choice(kinds),
                    year=rng.randint(2015, 2026),
                    extracted_text=text(120),
                    processing_status="done",
                )
                for i in range(n - pages)
            ]
            AlorDocument.objects.bulk_create(docs, batch_size=2000)

    def time_queries(self, repeat):
        import gc

        from django.test import Client
        from django.utils import translation

        from search import service

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        reference_before = self.machine_reference()
        self.stdout.write(f"  machine speed reference: {reference_before:.0f} ms")
        # As a server process starts (alor.wsgi): what is loaded is kept out of the garbage
        # collector's full passes.
        gc.collect()
        gc.freeze()
        client = Client()
        everything_service, everything_api = [], []
        header = (
            f"{'query':<30} {'hits':>7}  {'service p50/p95/p99 ms':>24}  {'API p50/p95/p99 ms':>22}"
        )
        self.stdout.write(header)
        for label, params in QUERIES:
            for run in ("warm", "measure"):
                times_service, times_api, count = [], [], 0
                for _ in range(repeat if run == "measure" else 1):
                    started = time.perf_counter()
                    with translation.override(settings.LANGUAGE_CODE):
                        result = service.search(service.SearchParams.from_data(params, strict=True))
                    times_service.append((time.perf_counter() - started) * 1000)
                    count = result.count
                    started = time.perf_counter()
                    response = client.get("/api/search/", params)
                    times_api.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:
                        raise CommandError(f"API answered {response.status_code} for {params}")
            everything_service += times_service
            everything_api += times_api
            self.stdout.write(
                f"{label:<30} {count:>7}  {self.percentiles(times_service):>24}  "
                f"{self.percentiles(times_api):>22}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{'all queries':<30} {'':>7}  {self.percentiles(everything_service):>24}  "
                f"{self.percentiles(everything_api):>22}"
            )
        )
        reference_after = self.machine_reference()
        self.stdout.write(f"  machine speed reference: {reference_after:.0f} ms")
        return reference_before, reference_after, everything_service, everything_api

    @staticmethod
    def machine_reference():
        """Milliseconds for a fixed piece of pure Python (lower is faster), best of three.

        Shared and virtual machines change speed from one minute to the next; this puts a
        run's figures beside the speed the machine had, so runs can be compared.
        """
        best = None
        for _ in range(3):
            started = time.perf_counter()
            total = 0
            for i in range(2_000_000):
                total += i % 7
            elapsed = (time.perf_counter() - started) * 1000
            best = elapsed if best is None else min(best, elapsed)
        return best

    @staticmethod
    def percentiles(values):
        if len(values) < 2:
            return f"{values[0]:.0f}"
        cuts = statistics.quantiles(values, n=100, method="inclusive")
        return f"{cuts[49]:.0f} / {cuts[94]:.0f} / {cuts[98]:.0f}"
