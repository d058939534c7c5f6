"""Measure the search on the relevance set: nDCG@10, recall@10, MRR and the zero-hit queries.

    python manage.py evaluate_search
    python manage.py evaluate_search --distractors 3000 20000 --json figures.json

Builds the set of search/relevance/ (pages, and the documents imported through the import
command's pipeline with OCR) in a separate database on the current engine (`<name>_evaluate`
on the same PostgreSQL server, or a temporary SQLite file; see search/scratch_database.py), so
the site's own data is untouched. Every query goes through `/api/search/` as an anonymous user.
With `--distractors N …` the set is measured alone and then again after N generated short notes
(each mentioning five of the domain's common words once) are added and indexed after the set;
several N add up step by step. A zero-hit query is one with no relevant item on the first page.
"""

import json
import os
import sys
import time
from pathlib import Path

from django.core.management import BaseCommand, CommandError, call_command
from django.db import connection
from tqdm import tqdm

from search import evaluation
from search.evaluation import K, Summary
from search.scratch_database import run_in_scratch_database

CHILD_FLAG = "ALOR_EVALUATE_CHILD"


class Command(BaseCommand):
    help = (
        "Build the relevance set in a separate database and print nDCG@10, recall@10, MRR and "
        "the zero-hit queries, overall and per class."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--distractors",
            type=int,
            nargs="+",
            default=[],
            metavar="N",
            help="measure again with N generated notes indexed after the set (several N: "
            "cumulative, ascending)",
        )
        parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
        parser.add_argument(
            "--verbose", action="store_true", help="print each query's ranked titles and grades"
        )
        parser.add_argument("--keep", action="store_true", help="keep the scratch database")

    def handle(self, *args, **options):
        steps = options["distractors"]
        if any(n < 0 for n in steps) or steps != sorted(set(steps)):
            raise CommandError("--distractors takes ascending numbers of at least 0.")
        if os.environ.get(CHILD_FLAG):
            return self.run_evaluation(options)
        arguments = []
        if steps:
            arguments += ["--distractors", *map(str, steps)]
        if options["json"]:
            arguments += ["--json", str(Path(options["json"]).resolve())]
        if options["verbose"]:
            arguments.append("--verbose")
        run_in_scratch_database(
            "evaluate_search",
            arguments,
            suffix="evaluate",
            child_flag=CHILD_FLAG,
            keep=options["keep"],
            stdout=self.stdout,
        )

    # ---------------------------------------------------------------- inside the child process

    def run_evaluation(self, options):
        try:
            classes, queries = evaluation.load_queries()
        except (ValueError, KeyError) as error:
            raise CommandError(f"queries.toml: {error}") from error
        write = self.stdout.write
        write(f"Database: {connection.vendor}; {len(queries)} queries in {len(classes)} classes")
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        write(f"  migrate: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        pages = evaluation.build_pages()

        def each(files):
            yield from tqdm(files, desc="Importing the set", unit="file", file=sys.stderr)

        try:
            documents = evaluation.import_set_documents(progress=each)
        except ValueError as error:
            raise CommandError(str(error)) from error
        ocr = sum(1 for d in documents.values() if d.ocr_used)
        unread = [d.title for d in documents.values() if d.processing_status == "no_ocr"]
        if unread:
            write(self.style.WARNING(f"  OCR is not available: {len(unread)} scans unread"))
        write(
            f"  set built: {len(pages)} pages, {len(documents)} documents ({ocr} read by OCR) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        urls = evaluation.item_urls(pages, documents)

        stages = []
        added = 0
        for target in [0, *[n for n in options["distractors"] if n > 0]]:
            if target > added:
                started = time.perf_counter()
                bar = tqdm(
                    total=target - added, desc="Adding distractors", unit="note", file=sys.stderr
                )
                evaluation.add_distractors(target - added, start=added, progress=bar.update)
                bar.close()
                write(
                    f"  {target - added} distractors added: {time.perf_counter() - started:.1f} s"
                )
                added = target
            started = time.perf_counter()
            results = evaluation.evaluate(queries, urls)
            elapsed = time.perf_counter() - started
            stages.append(self.report(added, results, classes, elapsed, options["verbose"]))

        self.summary(connection.vendor, stages)
        if options["json"]:
            data = {
                "engine": connection.vendor,
                "pages": len(pages),
                "documents": len(documents),
                "ocr_documents": ocr,
                "queries": len(queries),
                "classes": classes,
                "runs": stages,
            }
            Path(options["json"]).write_text(json.dumps(data, ensure_ascii=False, indent=1))

    def report(self, distractors, results, classes, elapsed, verbose):
        write = self.stdout.write
        overall = Summary.of(results)
        write("")
        write(
            self.style.MIGRATE_HEADING(
                f"The set + {distractors} distractors ({len(results)} queries, {elapsed:.1f} s)"
            )
        )
        header = (
            f"  {'class':<16} {'queries':>7} {'nDCG@10':>8} {'recall@10':>9} {'MRR':>6}  zero-hit"
        )
        write(header)
        per_class = {}
        for name in classes:
            of_class = [r for r in results if r.query.cls == name]
            if not of_class:
                continue
            s = per_class[name] = Summary.of(of_class)
            write(
                f"  {name:<16} {s.queries:>7} {s.ndcg:>8.3f} {s.recall:>9.3f} {s.mrr:>6.3f}  "
                f"{len(s.zero_hit)}"
            )
        write(
            self.style.SUCCESS(
                f"  {'all':<16} {overall.queries:>7} {overall.ndcg:>8.3f} {overall.recall:>9.3f} "
                f"{overall.mrr:>6.3f}  {len(overall.zero_hit)}"
            )
        )
        zero = [r for r in results if r.zero_hit]
        if zero:
            write(f"  Zero-hit queries (no relevant item in the first {K}):")
            for r in zero:
                why = "no results" if r.count == 0 else f"{r.count} results, none relevant"
                write(self.style.WARNING(f"    «{r.query.q}» [{r.query.cls}]: {why}"))
        if verbose:
            for r in results:
                write(
                    f"  «{r.query.q}» [{r.query.cls}] nDCG {r.ndcg:.3f}, recall {r.recall:.2f}, "
                    f"RR {r.rr:.2f}, {r.count} results"
                )
                for rank, (key, title) in enumerate(zip(r.ranked, r.titles, strict=True), 1):
                    write(f"    {rank:>2}. [{r.query.judgments.get(key, 0)}] {title}")
                missed = [k for k, g in r.query.judgments.items() if g and k not in r.ranked]
                if missed:
                    write(f"    missed: {', '.join(missed)}")
        return {
            "distractors": distractors,
            "overall": overall.__dict__,
            "classes": {name: s.__dict__ for name, s in per_class.items()},
            "queries": [
                {
                    "q": r.query.q,
                    "class": r.query.cls,
                    "count": r.count,
                    "ndcg": r.ndcg,
                    "recall": r.recall,
                    "rr": r.rr,
                    "ranked": [
                        {"key": k, "title": t, "grade": r.query.judgments.get(k, 0)}
                        for k, t in zip(r.ranked, r.titles, strict=True)
                    ],
                }
                for r in results
            ],
        }

    def summary(self, vendor, stages):
        write = self.stdout.write
        write("")
        write(self.style.MIGRATE_HEADING(f"Summary ({vendor})"))
        write(f"  {'distractors':>11} {'nDCG@10':>8} {'recall@10':>9} {'MRR':>6} {'zero-hit':>8}")
        for stage in stages:
            o = stage["overall"]
            write(
                f"  {stage['distractors']:>11} {o['ndcg']:>8.3f} {o['recall']:>9.3f} "
                f"{o['mrr']:>6.3f} {len(o['zero_hit']):>8}"
            )
