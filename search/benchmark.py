"""The benchmark's corpus, its query mix and the exhaustive ranking it checks the API against.

Used by `manage.py benchmark_search` (which owns the separate database and the timings).

The corpus is reproducible (fixed seed) and shaped like real text: a vocabulary of a few
thousand lemmas (domain stems, verbs, place names and compounds of the stems, each in its
inflected forms, some 16,000 word forms in all) drawn with Zipf frequencies, so the commonest
words stand in most items, a «common word» in 5–40 % of them and most words in a handful; stop
words between them; lengths drawn from a log-normal distribution (articles short, documents
longer, a few very long). One word stands in every item, the worst case. Some items are hidden
from a visitor: drafts, a restricted section (as the RAG section) and documents in restricted
collections, so privacy filtering is part of every query.

The exhaustive ranking reads every match with its score straight from the backend's full-text
SQL (`match_rows_sql`), keeps those the anonymous visitor may see (kb.privacy, as id sets) and
those the filters keep (from the items' own fields), and sorts them with the service's
tie-break. Nothing of the search service's own query building is used.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction
from django.db.models import Q
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.search.backends import get_search_backend

from kb.models import (
    AlorDocument,
    ArticlePage,
    DocumentKind,
    GatheringPage,
    KnowledgeIndexPage,
    NetworkIndexPage,
    NetworkPage,
    Topic,
)
from kb.privacy import Visibility
from search import norwegian
from search.facets import page_date_rules

EVERYWHERE = "fellesnettverk"
SEED = 20260

# Domain nouns: (stem, gender) — "m" takes -en/-er/-ene, "n" -et/-/-ene; a stem ending in -e
# takes -n/-r/-ne. Place names and verbs below; compounds are made of the nouns.
NOUNS = """
fravær:n sykefravær:n arbeid:n arbeidsplass:m arbeidsliv:n alkohol:m rus:m rusmiddel:n
pårørende:m leder:m ansatt:m medarbeider:m spill:n avhengighet:m forebygging:m tiltak:n
samling:m nettverk:n program:n presentasjon:m foredrag:n møte:n referat:n avtale:m mandat:n
handlingsplan:m tillitsvalgt:m verneombud:n helse:m trivsel:m kultur:m oppfølging:m
samtale:m kompetanse:m kurs:n opplæring:m region:m ungdom:m arbeidsgiver:m bedrift:m
kommune:m sykehus:n skole:m politikk:m narkotika:m tobakk:m snus:n doping:m medisin:m
miljø:n ledelse:m samarbeid:n problem:n skade:m livsstil:m nærvær:n dag:m konferanse:m
gambling:m bruk:m misbruk:n test:m kartlegging:m rutine:m retningslinje:m forskning:m
rapport:m undersøkelse:m veileder:m erfaring:m utfordring:m behandling:m tjeneste:m
familie:m barn:n voksen:m risiko:m holdning:m endring:m prosjekt:n styre:n sekretariat:n
""".split()
VERBS = """
forebygge kartlegge følge drikke spille lede samarbeide behandle avdekke endre teste
oppdage støtte veilede håndtere redusere rapportere invitere presentere diskutere
""".split()
PLACES = """
Ålesund Bergen Tromsø Trondheim Stavanger Kristiansand Oslo Hamar Bodø Molde Lillehammer
Drammen Tønsberg Skien Arendal Harstad Alta Kirkenes Haugesund Førde Gjøvik Narvik
""".split()
FILLER = """
og i på for med som til av det en et er har kan skal vil ble blir om ikke også når
hvordan hvorfor gjennom mellom etter under over mot uten både eller men så da
""".split()
STOP_SHARE = 0.4  # of the words in a text
ZIPF_EXPONENT = 1.0
COMPOUNDS = 4000

# Hidden from a visitor, as shares of the items.
DRAFT_SHARE = 0.02  # articles never published
RESTRICTED_SECTION_SHARE = 0.03  # articles in a section only a group may see (as RAG)
PRIVATE_COLLECTION_SHARE = 0.04  # documents in collections only a group / signed-in users see
NETWORKS = 11
TOPICS = ["sykefravaer", "alkohol", "spill", "parorende", "ledelse", "forebygging", "ungdom"]


def noun_forms(stem: str, gender: str) -> list[str]:
    if stem.endswith("e"):
        return [stem, stem + "n", stem + "r", stem + "ne"]
    if gender == "n":
        return [stem, stem + "et", stem + "ene"]
    return [stem, stem + "en", stem + "er", stem + "ene"]


def verb_forms(infinitive: str) -> list[str]:
    root = infinitive[:-1] if infinitive.endswith("e") else infinitive
    return [infinitive, infinitive + "r", root + "et", root + "ende"]


def _join(head: str, tail: str) -> str:
    # A linking s after heads that take one in Norwegian, as in «sykefraværsoppfølging».
    link = "s" if head.endswith(("ing", "het", "sjon", "else", "dom", "skap", "fravær")) else ""
    return head + link + tail


@dataclass
class Lemma:
    forms: list[str]
    simple: bool  # not a compound

    @property
    def base(self) -> str:
        return self.forms[0]


def vocabulary(rng: random.Random) -> list[Lemma]:
    """The lemmas in Zipf rank order: simple words first (shuffled), then compounds."""
    nouns = [tuple(item.split(":")) for item in NOUNS]
    simple = [Lemma(noun_forms(s, g), True) for s, g in nouns]
    simple += [Lemma(verb_forms(v), True) for v in VERBS]
    simple += [Lemma([p], True) for p in PLACES]
    rng.shuffle(simple)
    pairs = [(h, t) for h in nouns for t in nouns if h[0] != t[0] and t[0] not in h[0]]
    compounds = [
        Lemma(noun_forms(_join(head, tail), gender), False)
        for (head, _g), (tail, gender) in rng.sample(pairs, min(COMPOUNDS, len(pairs)))
    ]
    return simple + compounds


@dataclass
class Corpus:
    """What the generator knows of the corpus it wrote (to pick the query words)."""

    items: int
    lemmas: list[Lemma]
    token_frequency: Counter = field(default_factory=Counter)  # items per index token
    words: int = 0
    hidden: int = 0

    def share(self, query: str) -> float:
        """About the share of items `query` matches (its rarest token's share)."""

        tokens = norwegian.query_tokens(query)
        return min((self.token_frequency[t] for t in tokens), default=0) / self.items

    def closest(self, share: float, *, simple=True, form=0, letters=None, exclude=()) -> str:
        """The word (form number `form` of a lemma; of a simple word, a compound, or either
        for None) whose share of items is closest to `share`."""

        candidates = [
            lemma.forms[min(form, len(lemma.forms) - 1)]
            for lemma in self.lemmas
            if simple is None
            or lemma.simple == simple
            and lemma.base not in PLACES
            and (letters is None or any(ch in lemma.base for ch in letters))
        ]
        candidates = [
            word
            for word in candidates
            if len(norwegian.query_tokens(word)) == 1
            and not set(norwegian.query_tokens(word)) & exclude
        ]
        best = min(candidates, key=lambda word: (abs(self.share(word) - share), word))
        exclude.update(norwegian.query_tokens(best))
        return best


class TextMaker:
    def __init__(self, rng: random.Random, lemmas: list[Lemma]):
        self.rng = rng
        self.lemmas = lemmas
        weights = [1 / (rank**ZIPF_EXPONENT) for rank in range(1, len(lemmas) + 1)]
        self.cumulative = list(itertools.accumulate(weights))

    def length(self, median: int, sigma: float, low: int, high: int) -> int:
        value = int(self.rng.lognormvariate(math.log(median), sigma))
        return max(low, min(high, value))

    def words(self, n: int, seen: set[str]) -> str:
        """n words: Zipf-drawn lemmas in one of their forms, stop words between them."""
        rng = self.rng
        total = self.cumulative[-1]
        content = sum(1 for _ in range(n) if rng.random() >= STOP_SHARE)
        out = [rng.choice(FILLER) for _ in range(n - content)]
        for _ in range(content):
            index = bisect.bisect(self.cumulative, rng.random() * total)
            index = min(index, len(self.lemmas) - 1)
            word = rng.choice(self.lemmas[index].forms)
            seen.add(word)
            out.append(word)
        rng.shuffle(out)
        return " ".join(out)


# ------------------------------------------------------------------------------- the corpus


def _tree_key(i: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    for _ in range(4):  # treebeard's steplen
        i, r = divmod(i, len(alphabet))
        digits = alphabet[r] + digits
    return digits


def build_corpus(n: int, progress=None) -> Corpus:
    """Write n items: half articles (some drafts, some in a restricted section, some in a
    network), half documents (some in restricted collections, some with a network); topics
    on about half of them. Returns what the query mix needs to know."""

    rng = random.Random(SEED)  # noqa: S311 - a repeatable corpus, not security
    lemmas = vocabulary(rng)
    maker = TextMaker(rng, lemmas)
    corpus = Corpus(items=n, lemmas=lemmas)
    tokens_of: dict[str, tuple[str, ...]] = {}
    locale = Locale.objects.get_or_create(language_code="nb")[0]
    progress = progress or (lambda message: None)

    def text(n_words):
        seen: set[str] = set()
        body = maker.words(n_words, seen)
        corpus.words += n_words
        return body, seen

    def count(*seen_sets):
        tokens: set[str] = set()
        for word in set().union(*seen_sets):
            if word not in tokens_of:
                tokens_of[word] = tuple(norwegian.index_text(word).split())
            tokens.update(tokens_of[word])
        corpus.token_frequency.update(tokens)

    with transaction.atomic():
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        home = site.root_page if site else Page.get_first_root_node()
        group = Group.objects.get_or_create(name="Benchmark RAG")[0]
        knowledge = home.add_child(instance=KnowledgeIndexPage(title="Kunnskap", slug="kunnskap"))
        restricted = home.add_child(instance=KnowledgeIndexPage(title="RAG", slug="rag"))
        restriction = PageViewRestriction.objects.create(
            page=restricted, restriction_type=BaseViewRestriction.GROUPS
        )
        restriction.groups.add(group)
        network_index = home.add_child(instance=NetworkIndexPage(title="Nettverk", slug="nettverk"))
        networks = [
            network_index.add_child(
                instance=NetworkPage(
                    title=f"Nettverk {place}",
                    slug=f"nettverk-{place.lower()}",
                    city=place,
                    region="vest",
                )
            )
            for place in PLACES[:NETWORKS]
        ]
        topics = [
            Topic.objects.create(name=slug.capitalize(), slug=slug, locale=locale)
            for slug in TOPICS
        ]
        parents = [knowledge, restricted, *networks]
        # Where an article goes: mostly the knowledge base, some in a network, a few hidden.
        weights = [0.62 - RESTRICTED_SECTION_SHARE, RESTRICTED_SECTION_SHARE]
        weights += [0.38 / NETWORKS] * NETWORKS
        children = {parent.pk: 0 for parent in parents}

        ct = ContentType.objects.get_for_model(ArticlePage)
        fields = ArticlePage._meta.local_concrete_fields
        table = ArticlePage._meta.db_table
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        insert = (
            f"INSERT INTO {table} ({columns}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(fields))})"
        )
        article_topics = ArticlePage.topics.through
        pages = n // 2
        batch = 2000
        for offset in range(0, pages, batch):
            rows, bodies, topic_picks = [], [], []
            for i in range(offset, min(pages, offset + batch)):
                parent = rng.choices(parents, weights)[0]
                children[parent.pk] += 1
                title, title_seen = text(rng.randint(3, 8))
                title = title.capitalize()
                body, seen = text(maker.length(80, 0.8, 15, 1500))
                count(title_seen, seen)
                live = rng.random() >= DRAFT_SHARE
                corpus.hidden += (not live) or parent is restricted
                day = date(rng.randint(2006, 2026), rng.randint(1, 12), rng.randint(1, 28))
                rows.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=f"artikkel-{i}",
                        path=parent.path + _tree_key(children[parent.pk]),
                        depth=parent.depth + 1,
                        numchild=0,
                        content_type=ct,
                        locale=locale,
                        live=live,
                        has_unpublished_changes=not live,
                        url_path=f"{parent.url_path}artikkel-{i}/",
                        translation_key=uuid.uuid4(),
                        first_published_at=f"{day.isoformat()}T12:00:00+00:00" if live else None,
                    )
                )
                bodies.append((f"{EVERYWHERE} {body}.", day))
                topic_picks.append(rng.sample(topics, rng.choice([0, 0, 1, 1, 2])))
            created = Page.objects.bulk_create(rows)
            values, links = [], []
            for page, (body, day), picked in zip(created, bodies, topic_picks, strict=True):
                article = ArticlePage(page_ptr_id=page.pk, intro=body, date=day)
                article.body = []
                values.append(
                    [f.get_db_prep_save(f.pre_save(article, True), connection) for f in fields]
                )
                links += [article_topics(articlepage_id=page.pk, topic=t) for t in picked]
            with connection.cursor() as cursor:
                cursor.executemany(insert, values)
            article_topics.objects.bulk_create(links)
            progress(f"    articles: {min(pages, offset + batch)} of {pages}")
        for parent in parents:
            Page.objects.filter(pk=parent.pk).update(numchild=children[parent.pk])

        root = Collection.get_first_root_node()
        private = root.add_child(instance=Collection(name="RAG"))
        members = CollectionViewRestriction.objects.create(
            collection=private, restriction_type=BaseViewRestriction.GROUPS
        )
        members.groups.add(group)
        board = root.add_child(instance=Collection(name="Styret"))
        CollectionViewRestriction.objects.create(
            collection=board, restriction_type=BaseViewRestriction.LOGIN
        )
        public = root.add_child(instance=Collection(name="Dokumenter"))
        kinds = [k for k, _label in DocumentKind.choices]
        network_pks = [network.pk for network in networks]
        document_topics = AlorDocument.topics.through
        documents = n - pages
        for offset in range(0, documents, batch):
            docs, topic_picks = [], []
            for i in range(offset, min(documents, offset + batch)):
                title, title_seen = text(rng.randint(3, 10))
                body, seen = text(maker.length(250, 1.0, 30, 8000))
                count(title_seen, seen)
                hidden = rng.random() < PRIVATE_COLLECTION_SHARE
                corpus.hidden += hidden
                collection = rng.choice([private, board]) if hidden else public
                docs.append(
                    AlorDocument(
                        title=title.capitalize(),
                        file=f"documents/benchmark-{i}.pdf",
                        collection=collection,
                        kind=rng.choice(kinds),
                        year=rng.randint(2006, 2026),
                        network_id=rng.choice(network_pks) if rng.random() < 0.4 else None,
                        extracted_text=f"{EVERYWHERE} {body}.",
                        processing_status="done",
                    )
                )
                topic_picks.append(rng.sample(topics, rng.choice([0, 0, 1, 1, 2])))
            created = AlorDocument.objects.bulk_create(docs)
            document_topics.objects.bulk_create(
                [
                    document_topics(alordocument_id=doc.pk, topic=t)
                    for doc, picked in zip(created, topic_picks, strict=True)
                    for t in picked
                ]
            )
            progress(f"    documents: {min(documents, offset + batch)} of {documents}")
    return corpus


# ------------------------------------------------------------------------------ the query mix


def _fold(word: str) -> str:
    return word.lower().replace("æ", "a").replace("ø", "o").replace("å", "a")


def query_mix(corpus: Corpus) -> list[tuple[str, dict]]:
    """The queries, picked by how many items their words stand in (the same on every
    database: the corpus is the same)."""
    used: set[str] = set()  # tokens already in the mix: each query word a different one
    word = corpus.closest(0.30, exclude=used)
    inflected = corpus.closest(0.10, form=3, exclude=used)  # a definite plural, a participle
    less_common = corpus.closest(0.05, simple=None, exclude=used)
    pair = corpus.closest(0.20, exclude=used)
    pair_2 = corpus.closest(0.20, form=1, exclude=used)
    rare = corpus.closest(0.001, simple=False, form=1, exclude=used)
    folded = _fold(corpus.closest(0.15, letters="æøå", exclude=used))
    return [
        ("common word", {"q": word}),
        ("common word, inflected", {"q": inflected}),
        ("less common word", {"q": less_common}),
        ("rare word", {"q": rare}),
        ("several words", {"q": f"{pair} {pair_2}"}),
        ("folded spelling", {"q": folded}),
        ("filtered: document, year", {"q": word, "type": "document", "year": "2024"}),
        ("filtered: article", {"q": pair, "type": "article"}),
        ("filtered: network", {"q": word, "network": f"nettverk-{PLACES[1].lower()}"}),
        ("filtered: topic", {"q": word, "topic": TOPICS[2]}),
        ("date sort", {"q": word, "sort": "date"}),
        ("deep page (20 × 50)", {"q": word, "page": "20", "page_size": "50"}),
        ("word in every item", {"q": EVERYWHERE}),
        ("word in every item, page 5", {"q": EVERYWHERE, "page": "5"}),
    ]


# ------------------------------------------------------------------- the exhaustive ranking


@dataclass
class Exhaustive:
    """Every visible match of a query, best first, with the key it is sorted by."""

    ranked: list[tuple[int, int]]  # (kind: 0 page, 1 document; id)
    keys: dict[tuple[int, int], tuple] = field(default_factory=dict)
    relevance: bool = True

    @property
    def count(self) -> int:
        return len(self.ranked)


def _visible_ids(language="nb"):
    anonymous = Visibility()
    pages = anonymous.pages(Page.objects.filter(depth__gt=1, locale__language_code=language))
    docs = anonymous.documents().filter(language__in=["nb", "nn"])
    return set(pages.values_list("pk", flat=True)), set(docs.values_list("pk", flat=True))


def _page_dates():
    """{page id: (year, day)} from each dated page model's own fields."""

    out = {}
    for model, date_fields, year_field in page_date_rules():
        names = [*date_fields, *([year_field] if year_field else [])]
        for pk, *values in model.objects.values_list("pk", *names):
            day = next((v for v in values[: len(date_fields)] if v), None)
            year = day.year if day else (values[-1] if year_field else None)
            out[pk] = (year, day)
    return out


def _document_dates():
    out = {}
    rows = AlorDocument.objects.values_list("pk", "year", "gathering__start_date")
    for pk, year, start in rows:
        day = start if start and (not year or start.year == year) else None
        out[pk] = (year or (start.year if start else None), day)
    return out


def _filter_ids(params):
    """(page ids, document ids) that the filters keep, from the items' own fields; None for
    «no restriction»."""

    pages: set[int] | None = None
    docs: set[int] | None = None
    kind = params.get("type")
    if kind == "document":
        pages = set()
    elif kind == "article":
        pages, docs = set(ArticlePage.objects.values_list("pk", flat=True)), set()
    elif kind:
        raise ValueError(f"the benchmark's check knows no type {kind!r}")

    def narrow(current, ids):
        return set(ids) if current is None else current & set(ids)

    if year := params.get("year"):
        year = int(year)
        pages = narrow(pages, [pk for pk, (y, _d) in _page_dates().items() if y == year])
        docs = narrow(docs, [pk for pk, (y, _d) in _document_dates().items() if y == year])
    if slug := params.get("network"):
        network = NetworkPage.objects.filter(slug=slug).order_by("path").first()
        hosted = GatheringPage.objects.filter(host_network=network).values("pk")
        in_network = Page.objects.filter(Q(path__startswith=network.path) | Q(pk__in=hosted))
        pages = narrow(pages, in_network.values_list("pk", flat=True))
        docs = narrow(
            docs, AlorDocument.objects.filter(network=network).values_list("pk", flat=True)
        )
    if slug := params.get("topic"):
        tagged = ArticlePage.objects.filter(topics__slug=slug).values_list("pk", flat=True)
        gatherings = GatheringPage.objects.filter(topics__slug=slug).values_list("pk", flat=True)
        pages = narrow(pages, [*tagged, *gatherings])
        docs = narrow(
            docs, AlorDocument.objects.filter(topics__slug=slug).values_list("pk", flat=True)
        )
    return pages, docs


def exhaustive(params: dict) -> Exhaustive:
    """Every visible match of `params`, sorted as the service must sort them."""

    backend = get_search_backend()
    compiler = backend.search(params["q"], Page, operator="and").query_compiler
    sql, sql_params = compiler.match_rows_sql(backend, scored=True)
    with connections[Page.objects.db].cursor() as cursor:
        cursor.execute(sql, sql_params)
        rows = cursor.fetchall()
    page_cts = set(get_descendants_content_types_pks(Page))
    doc_cts = set(get_descendants_content_types_pks(AlorDocument))
    visible_pages, visible_docs = _visible_ids()
    kept_pages, kept_docs = _filter_ids(params)
    if kept_pages is not None:
        visible_pages &= kept_pages
    if kept_docs is not None:
        visible_docs &= kept_docs
    scores = {}
    for ct, oid, score, _eid in rows:
        if ct in page_cts and oid in visible_pages:
            scores[(0, oid)] = float(score)
        elif ct in doc_cts and oid in visible_docs:
            scores[(1, oid)] = float(score)
    relevance = params.get("sort", "relevance") == "relevance"
    keys: dict[tuple[int, int], tuple[Any, ...]]  # (score,) or (year, day)
    if relevance:
        keys = {item: (score,) for item, score in scores.items()}
        order = sorted(scores, key=lambda item: (-scores[item], item[0], -item[1]))
    else:
        page_dates, doc_dates = _page_dates(), _document_dates()
        keys = {
            item: (page_dates if item[0] == 0 else doc_dates).get(item[1], (None, None))
            for item in scores
        }

        def by_date(item):
            year, day = keys[item]
            return (
                year is None,
                -(year or 0),
                day is None,
                -(day.toordinal() if day else 0),
                item[0],
                -item[1],
            )

        order = sorted(scores, key=by_date)
    return Exhaustive(ranked=order, keys=keys, relevance=relevance)


_DOCUMENT_URL = re.compile(r"/(?:dokumenter|documents)/(\d+)/")  # the page, or the file


def item_of(hit: dict, page_ids_by_slug: dict[str, int]):
    """(kind, id) of an API hit, from its URL."""
    if hit["type"] == "document":
        found = _DOCUMENT_URL.search(hit["url"])
        return (1, int(found.group(1))) if found else None
    slug = [part for part in hit["url"].split("/") if part][-1:]
    pk = page_ids_by_slug.get(slug[0]) if slug else None
    return (0, pk) if pk else None


def _same_key(a, b, relevance) -> bool:
    if not relevance:
        return a == b
    return math.isclose(a[0], b[0], rel_tol=1e-6, abs_tol=1e-9)


def _date_text(key) -> str:
    year, day = key
    return f"year {year}, {day.isoformat() if day else 'no day'}"


def agrees(api_hits: list[dict], truth: Exhaustive, start: int, size: int, page_ids_by_slug):
    """None when the API's page is the exhaustive ranking's positions [start, start + size)
    (items of equal score, or of equal date, may stand in either order); else what differs."""
    expected = truth.ranked[start : start + size]
    if len(api_hits) != len(expected):
        return f"{len(api_hits)} hits on the page, the ranking has {len(expected)} there"
    seen = set()
    for position, (hit, wanted) in enumerate(zip(api_hits, expected, strict=True), start + 1):
        item = item_of(hit, page_ids_by_slug)
        if item is None or item not in truth.keys:
            return f"position {position}: {hit['url']} is no visible match"
        if item in seen:
            return f"position {position}: {hit['url']} twice"
        seen.add(item)
        if not _same_key(truth.keys[item], truth.keys[wanted], truth.relevance):
            if truth.relevance:
                shown = f"score {truth.keys[item][0]:.6g}, the API's {hit['score']:.6g}"
                expected_key = f"{truth.keys[wanted][0]:.6g}"
            else:
                shown, expected_key = _date_text(truth.keys[item]), _date_text(truth.keys[wanted])
            kind = "a page" if wanted[0] == 0 else "a document"
            return (
                f"position {position}: {hit['url']} ({shown}) where the ranking has "
                f"{kind} {wanted[1]} ({expected_key})"
            )
    return None
