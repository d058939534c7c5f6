"""The relevance set and its measures: what `manage.py evaluate_search` builds and reports.

The set lives in search/relevance/: pages.toml (networks, gatherings, articles), documents.toml
(the documents, written to real files in documents/ by generate.py) and queries.toml (queries
with graded judgments, 0–3, each tagged with its class). `build_set` puts it into the current
database the way users' content gets there (pages published, documents imported through
`import_documents`' Importer: validation, extraction, OCR, thumbnail, index);
`add_distractors` adds short notes that mention common words once, indexed after the set;
`evaluate` asks `/api/search/` each query as an anonymous user and measures the first page.
"""

from __future__ import annotations

import datetime
import math
import random
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.utils import translation
from modelsearch.backends import get_search_backends
from wagtail.models import Collection, Locale, Page, Site
from wagtail.rich_text import RichText

from home.models import HomePage
from kb.documents.importer import Defaults, Importer, files_in, read_metadata
from kb.documents.processing import process_document_now
from kb.models import (
    AlorDocument,
    ArticlePage,
    DocumentKind,
    GatheringPage,
    KnowledgeIndexPage,
    NetworkIndexPage,
    NetworkPage,
    ProcessingStatus,
)

RELEVANCE_DIR = Path(__file__).resolve().parent / "relevance"
DOCUMENTS_DIR = RELEVANCE_DIR / "documents"
K = 10  # the first page of results: every measure is «at 10»
DISTRACTOR = "distractor"

# ------------------------------------------------------------------ measures


def dcg(grades, k=K):
    """Discounted cumulative gain of grades in ranked order: sum of (2^g − 1) / log2(rank + 1)."""
    return sum((2**g - 1) / math.log2(rank + 2) for rank, g in enumerate(list(grades)[:k]))


def ndcg(ranked, judgments, k=K):
    """nDCG@k of a ranked list of item keys against graded judgments ({key: grade})."""
    ideal = dcg(sorted((g for g in judgments.values() if g > 0), reverse=True), k)
    if ideal == 0:
        return 0.0
    return dcg([judgments.get(key, 0) for key in ranked], k) / ideal


def recall(ranked, judgments, k=K):
    """Share of the relevant items (grade ≥ 1) found in the first k."""
    relevant = {key for key, g in judgments.items() if g > 0}
    if not relevant:
        return 0.0
    return len(relevant & set(ranked[:k])) / len(relevant)


def reciprocal_rank(ranked, judgments, k=K):
    """1 / the rank of the first relevant item in the first k; 0 when there is none."""
    for rank, key in enumerate(ranked[:k], 1):
        if judgments.get(key, 0) > 0:
            return 1 / rank
    return 0.0


# ------------------------------------------------------------------ the set's files


@dataclass
class Query:
    q: str
    cls: str
    judgments: dict[str, int]
    lang: str | None = None
    note: str = ""


def _load(name):
    with open(RELEVANCE_DIR / name, "rb") as handle:
        return tomllib.load(handle)


def load_pages():
    return _load("pages.toml")


def load_documents():
    return _load("documents.toml")["document"]


def item_keys():
    pages = load_pages()
    keys = {p["key"] for group in ("network", "gathering", "article") for p in pages[group]}
    keys |= {f"{p['key']}:en" for p in pages["article"] if p.get("english_title")}
    return keys | {d["key"] for d in load_documents()}


def load_queries():
    """The judged queries; a ValueError names what is wrong in queries.toml."""
    data = _load("queries.toml")
    classes = data["classes"]
    keys = item_keys()
    queries = []
    for entry in data["query"]:
        query = Query(
            q=entry["q"],
            cls=entry["class"],
            judgments=dict(entry["judgments"]),
            lang=entry.get("lang"),
            note=entry.get("note", ""),
        )
        if query.cls not in classes:
            raise ValueError(f"{query.q!r}: unknown class {query.cls!r}")
        unknown = set(query.judgments) - keys
        if unknown:
            raise ValueError(f"{query.q!r}: unknown items {sorted(unknown)}")
        if any(g not in (0, 1, 2, 3) for g in query.judgments.values()):
            raise ValueError(f"{query.q!r}: grades are 0–3")
        if not any(g > 0 for g in query.judgments.values()):
            raise ValueError(f"{query.q!r}: no relevant item")
        queries.append(query)
    return classes, queries


# ------------------------------------------------------------------ building it


def _site_tree():
    locale, _ = Locale.objects.get_or_create(language_code="nb")
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="alor", slug="alor-evaluering", locale=locale))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save()
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    knowledge = home.add_child(instance=KnowledgeIndexPage(title="Kunnskap", slug="kunnskap"))
    networks = home.add_child(instance=NetworkIndexPage(title="Nettverk", slug="nettverk"))
    return knowledge, networks


def _body(paragraphs):
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in paragraphs]


def build_pages():
    """The set's pages, published; {key: page}."""

    data = load_pages()
    knowledge, network_index = _site_tree()
    pages, networks = {}, {}
    for entry in data["network"]:
        page = network_index.add_child(
            instance=NetworkPage(
                title=entry["title"],
                slug=entry["key"],
                city=entry["city"],
                region=entry["region"],
                intro=entry["intro"],
            )
        )
        pages[entry["key"]] = networks[entry["city"]] = page
    for entry in data["gathering"]:
        network = networks[entry["network"]]
        pages[entry["key"]] = network.add_child(
            instance=GatheringPage(
                title=entry["title"],
                slug=entry["slug"],
                start_date=datetime.date.fromisoformat(entry["start_date"]),
                venue=entry["venue"],
                host_network=network,
                intro=f"<p>{entry['intro']}</p>",
            )
        )
    english = Locale.objects.get(language_code="en")
    for entry in data["article"]:
        page = knowledge.add_child(
            instance=ArticlePage(
                title=entry["title"],
                slug=entry["slug"],
                date=datetime.date.fromisoformat(entry["date"]),
                intro=entry["intro"],
                body=_body(entry.get("body", [])),
            )
        )
        page.save_revision().publish()
        pages[entry["key"]] = page
        if entry.get("english_title"):
            translation = page.copy_for_translation(english, copy_parents=True)
            translation.title = entry["english_title"]
            translation.intro = entry["english_intro"]
            translation.body = _body(entry.get("english_body", []))
            translation.save_revision().publish()
            pages[f"{entry['key']}:en"] = translation
    return pages


def import_set_documents(progress=None):
    """The set's files imported through the import command's Importer (with OCR); {key: doc}.

    Raises ValueError when a file is refused or its metadata does not match (the set must
    import cleanly). Where tasks run in a worker (production settings), the documents are
    processed here with the worker's own function, as the scratch database has no worker.
    """

    importer = Importer(Defaults(collection=Collection.get_first_root_node()), ocr=True)
    metadata = read_metadata(DOCUMENTS_DIR)
    files = files_in(DOCUMENTS_DIR)
    for path in progress(files) if progress else files:
        importer.import_file(path, metadata.get(path.name))
    report = importer.report
    if report.refused or report.warnings or report.duplicates:
        raise ValueError(
            f"The relevance set did not import cleanly: refused {report.refused}, "
            f"warnings {report.warnings}, duplicates {report.duplicates}"
        )
    for pk in AlorDocument.objects.filter(processing_status=ProcessingStatus.PENDING).values_list(
        "pk", flat=True
    ):
        process_document_now(pk)
    by_title = {d["title"]: d["key"] for d in load_documents()}
    documents = {by_title[doc.title]: doc for doc in AlorDocument.objects.all()}
    # Without Tesseract the scans stay unread («OCR ikke tilgjengelig»): the OCR queries then
    # find nothing, as on such a server; anything else not done is an error.
    readable = (ProcessingStatus.DONE, ProcessingStatus.NO_OCR)
    failed = [d.title for d in documents.values() if d.processing_status not in readable]
    if failed:
        raise ValueError(f"Documents not processed: {failed}")
    return documents


def item_urls(pages, documents):
    """{path of the item's URL: key}, to read the keys of the API's hits."""
    urls = {urlsplit(page.get_url() or "").path: key for key, page in pages.items()}
    # A document's page is one page in each of the site's languages (/en/dokumenter/<id>/).
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls.update({doc.get_absolute_url(): key for key, doc in documents.items()})
    return urls


# ------------------------------------------------------------------ distractors

# Words a real archive uses everywhere; each note mentions five of them once.
COMMON_WORDS = """
sykefravær alkohol arbeidsplassen arbeidslivet rusmidler pårørende ledere lederen ansatte
spill pengespill forebygging samling nettverket nettverkssamling programmet policy ruspolicy
oppfølging samtale tillitsvalgt verneombud helse trivsel kultur kompetanse kurs AKAN KORUS
Ålesund Bodø Tromsø Hamar Kristiansand arbeidsgiver kommune behandling avhengighet
""".split()
NOTE_SENTENCES = [
    "Notatet ble skrevet etter møtet og sendt til alle som var til stede.",
    "Neste møte avtales på e-post.",
    "Saken ble diskutert kort, og flere hadde innspill.",
    "Det ble enighet om å ta saken opp igjen senere.",
    "Referenten sender ut en oppsummering innen en uke.",
    "Deltakerne delte erfaringer fra egne virksomheter.",
    "Det kom spørsmål om budsjett og om hvem som har ansvaret.",
    "Innspillene samles i en felles mappe.",
]
NOTE_TITLES = ["Notat", "Innspill", "Møtenotat", "Oppsummering", "Kort referat", "Memo"]


def distractor_texts(count, start=0, seed=12):
    """`count` short notes, each with five different common words once: (title, text)."""
    for i in range(start, start + count):
        rng = random.Random(seed * 1_000_003 + i)  # noqa: S311 - repeatable notes, not security
        words = rng.sample(COMMON_WORDS, 5)
        sentences = rng.sample(NOTE_SENTENCES, 4)
        text = (
            f"{sentences[0]} Tema: {words[0]} og {words[1]}. {sentences[1]} "
            f"Det ble nevnt {words[2]}. {sentences[2]} Innspill om {words[3]} "
            f"og {words[4]} følges opp. {sentences[3]}"
        )
        yield f"{rng.choice(NOTE_TITLES)} {i + 1}", text


def add_distractors(count, start=0, progress=None, batch=1000):
    """Add `count` notes as documents and index them, after everything already indexed."""

    collection = Collection.get_first_root_node()
    backends = list(get_search_backends())
    notes = list(distractor_texts(count, start))
    for offset in range(0, count, batch):
        chunk = notes[offset : offset + batch]
        created = AlorDocument.objects.bulk_create(
            AlorDocument(
                title=title,
                file=f"documents/notat-{start + offset + i + 1}.txt",
                collection=collection,
                kind=DocumentKind.OTHER,
                year=2015 + (start + offset + i) % 12,
                extracted_text=text,
                processing_status=ProcessingStatus.DONE,
            )
            for i, (title, text) in enumerate(chunk)
        )
        indexed = AlorDocument.get_indexed_objects().filter(pk__in=[d.pk for d in created])
        indexed = list(indexed.order_by("pk"))
        for backend in backends:
            backend.add_bulk(AlorDocument, indexed)
        if progress:
            progress(len(chunk))


# ------------------------------------------------------------------ evaluating


@dataclass
class QueryResult:
    query: Query
    ranked: list[str]  # item keys of the first page, DISTRACTOR or "other:<title>" for the rest
    titles: list[str]
    count: int
    ndcg: float = 0.0
    recall: float = 0.0
    rr: float = 0.0

    @property
    def zero_hit(self):
        """No relevant item on the first page."""
        return self.rr == 0


@dataclass
class Summary:
    queries: int
    ndcg: float
    recall: float
    mrr: float
    zero_hit: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, results):
        n = len(results)
        return cls(
            queries=n,
            ndcg=sum(r.ndcg for r in results) / n if n else 0.0,
            recall=sum(r.recall for r in results) / n if n else 0.0,
            mrr=sum(r.rr for r in results) / n if n else 0.0,
            zero_hit=[r.query.q for r in results if r.zero_hit],
        )


def run_query(client, query, urls):
    params = {"q": query.q, "page_size": str(K)}
    if query.lang:
        params["lang"] = query.lang
    response = client.get("/api/search/", params)
    if response.status_code != 200:
        raise RuntimeError(f"/api/search/ answered {response.status_code} for {params}")
    data = response.json()
    ranked, titles = [], []
    for hit in data["results"]:
        key = urls.get(urlsplit(hit["url"]).path)
        if key is None:
            key = DISTRACTOR if hit["type"] == "document" else f"other:{hit['title']}"
        ranked.append(key)
        titles.append(hit["title"])
    result = QueryResult(query, ranked, titles, data["count"])
    result.ndcg = ndcg(ranked, query.judgments)
    result.recall = recall(ranked, query.judgments)
    result.rr = reciprocal_rank(ranked, query.judgments)
    return result


def evaluate(queries, urls):
    """Every query through `/api/search/` as an anonymous user: [QueryResult]."""

    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    return [run_query(client, query, urls) for query in queries]
