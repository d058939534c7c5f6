"""Build the demo site from `kb.demo.content`: idempotent, every object keyed by slug or name.

A second run finds every object and creates or changes nothing; an object an editor has
changed since is left as it is.
"""

import copy
import uuid
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from tqdm import tqdm
from wagtail.models import Collection, Locale, Page, Site

from home.models import HomePage
from kb import groups
from kb.demo import content as c
from kb.demo import governance_states
from kb.demo.english import load_english
from kb.demo.files import pdf_bytes, pptx_bytes
from kb.documents.ingest import Stored, ingest
from kb.models import (
    ActivityPlanPage,
    AgreementPage,
    AlorDocument,
    ArticleDocument,
    ArticlePage,
    DocumentKind,
    DocumentLanguage,
    GatheringPage,
    GovernanceIndexPage,
    KnowledgeIndexPage,
    MandatePage,
    MeetingIndexPage,
    MinutesPage,
    NationalGatheringIndexPage,
    NetworkIndexPage,
    NetworkPage,
    Organisation,
    Person,
    Topic,
)


class DemoContentError(Exception):
    """The existing site is in a state the demo content cannot be laid over."""


def _stream(items):
    """A fresh copy of raw stream data, so the module's content is never altered."""
    return copy.deepcopy(list(items))


def _listed(values):
    """ListBlock raw data in Wagtail's block format."""
    return [{"type": "item", "value": value, "id": str(uuid.uuid4())} for value in values]


class DemoLoader:
    def __init__(self, stdout=None, progress=True):
        self.stdout = stdout
        self.progress = progress
        self.counts = defaultdict(lambda: {"created": 0, "unchanged": 0})
        self.locale = None
        self.organisations = {}
        self.topics = {}
        self.people = {}
        self.pages = {}
        self.networks = {}
        self.documents = {}

    # -- bookkeeping ---------------------------------------------------------------------------

    def _count(self, kind, created):
        self.counts[kind]["created" if created else "unchanged"] += 1

    @property
    def created(self):
        return sum(row["created"] for row in self.counts.values())

    def steps(self):
        return [
            (_("Språk"), self.load_locales),
            (_("Forside"), self.load_home),
            (_("Organisasjoner, temaer og personer"), self.load_snippets),
            (_("Seksjoner"), self.load_sections),
            (_("Nettverk"), self.load_networks),
            (_("Evalueringsrapporten 2017"), self.load_evaluation_report),
            (_("Artikler"), self.load_articles),
            (_("Mandat og avtaler"), self.load_governance_documents),
            (_("Møter og referater"), self.load_meetings),
            (_("Aktivitetsplan"), self.load_activity_plan),
            (_("Alor Norge 2026 og presentasjoner"), self.load_gathering),
            (_("Tidligere Alor Norge-samlinger"), self.load_earlier_editions),
            (_("Samlinger i nettverkene"), self.load_regional_gatherings),
            (_("Referat som PDF"), self.load_minutes_document),
        ]

    def run(self):
        steps = self.steps()
        with transaction.atomic():
            # disable=None: a bar on a terminal, none in logs and pipes.
            bar = tqdm(
                steps,
                desc=_("Demoinnhold"),
                unit=_("steg"),
                disable=None if self.progress else True,
            )
            for label, step in bar:
                bar.set_postfix_str(label)
                step()
        return self.counts

    # -- helpers -------------------------------------------------------------------------------

    def _snippet(self, kind, model, lookup, defaults):
        obj, created = model.objects.get_or_create(**lookup, locale=self.locale, defaults=defaults)
        self._count(kind, created)
        return obj

    def _page(self, kind, parent, model, slug, fields, before_publish=None):
        """The child of `parent` with `slug`, created and published from `fields` if missing."""
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            existing = existing.specific
            if not isinstance(existing, model):
                raise DemoContentError(
                    _("Siden «%(slug)s» finnes allerede, men er ikke av typen %(type)s.")
                    % {"slug": slug, "type": model._meta.verbose_name}
                )
            self._count(kind, False)
            return existing
        relations = {name: fields.pop(name) for name in ("topics", "parties") if name in fields}
        page = model(slug=slug, locale=parent.locale, **fields)
        for name, values in relations.items():
            getattr(page, name).set(values)
        parent.add_child(instance=page)
        if before_publish is not None:
            before_publish(page)
        page.save_revision().publish()
        self._count(kind, True)
        return page

    def _document(self, title, collection, filename, make_data, **fields):
        """The document `title` in `collection`; its file is made by `make_data()` if missing."""
        existing = AlorDocument.objects.filter(title=title, collection=collection).first()
        if existing is not None:
            self._count("dokument", False)
            return existing
        result = ingest(
            ContentFile(make_data(), name=filename),
            collection=collection,
            metadata={"title": title, **fields},
            user=None,
        )
        if not isinstance(result, Stored):
            raise RuntimeError(f"Demo document {title!r} not stored: {result}")
        self._count("dokument", True)
        return result.document

    def _topics(self, slugs):
        return [self.topics[slug] for slug in slugs]

    # -- steps ---------------------------------------------------------------------------------

    def load_locales(self):
        for code in ("nb", "en"):
            locale, created = Locale.objects.get_or_create(language_code=code)
            self._count("språk", created)
            if code == "nb":
                self.locale = locale

    def load_home(self):
        """A HomePage (nb) as the default site's root, in place of Wagtail's welcome page."""
        root = Page.get_first_root_node()
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        home = None
        if site is not None and site.root_page.specific_class is HomePage:
            home = site.root_page.specific
        if home is None:
            home = HomePage.objects.filter(depth=2, locale=self.locale).first()
        if home is None:
            home = HomePage(
                title=c.HOME["title"], slug=c.HOME["slug"], intro=c.HOME["intro"],
                locale=self.locale,
            )  # fmt: skip
            root.add_child(instance=home)
            home.save_revision().publish()
            self._count("side", True)
        else:
            self._count("side", False)
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True,
                site_name="alor",
            )  # fmt: skip
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        # Wagtail's welcome page, untouched and now unused, goes.
        welcome = Page.objects.filter(
            depth=2, numchild=0, slug="home",
            content_type=ContentType.objects.get_for_model(Page),
        ).exclude(pk=home.pk)  # fmt: skip
        for page in welcome:
            if not Site.objects.filter(root_page=page).exists():
                page.delete()
        self.pages["home"] = home

    def load_snippets(self):
        for name, short_name, kind, region in c.ORGANISATIONS:
            self.organisations[name] = self._snippet(
                "organisasjon",
                Organisation,
                {"name": name},
                {"short_name": short_name, "kind": kind, "region": region},
            )
        for slug, name, description in c.TOPICS:
            self.topics[slug] = self._snippet(
                "tema", Topic, {"slug": slug}, {"name": name, "description": description}
            )
        for name, role, organisation in c.PEOPLE:
            self.people[name] = self._snippet(
                "person",
                Person,
                {"name": name},
                {"role": role, "organisation": self.organisations.get(organisation)},
            )

    def load_sections(self):
        home = self.pages["home"]
        for key, model in (
            ("knowledge", KnowledgeIndexPage),
            ("networks", NetworkIndexPage),
            ("national", NationalGatheringIndexPage),
            ("governance", GovernanceIndexPage),
        ):
            data = c.SECTIONS[key]
            self.pages[key] = self._page(
                "side", home, model, data["slug"],
                {"title": data["title"], "intro": data["intro"]},
            )  # fmt: skip
        data = c.MEETINGS_INDEX
        self.pages["meetings"] = self._page(
            "side", self.pages["governance"], MeetingIndexPage, data["slug"],
            {"title": data["title"], "intro": data["intro"]},
        )  # fmt: skip

    def load_networks(self):
        for slug, city, region, centre, host in c.NETWORKS:
            self.networks[slug] = self._page(
                "nettverk",
                self.pages["networks"],
                NetworkPage,
                slug,
                {
                    "title": f"alor {city}",
                    "intro": c.network_intro(city, centre),
                    "city": city,
                    "region": region,
                    "host_centre": self.organisations[centre],
                    "main_host": self.people.get(host) if host else None,
                    "meeting_rhythm": c.MEETING_RHYTHM,
                },
            )

    def load_evaluation_report(self):
        """The 2017 evaluation's report: a placeholder file that says so."""
        data = c.PROBA_REPORT
        self.documents["proba"] = self._document(
            data["title"],
            Collection.get_first_root_node(),
            data["filename"],
            lambda: pdf_bytes(data["title"], data["slides"]),
            kind=DocumentKind.REPORT,
            description=data["description"],
            year=data["year"],
            language=DocumentLanguage.NB,
            topics=self._topics(data["topics"]),
        )

    def _link_evaluation_report(self, article):
        article.related_documents = [ArticleDocument(document=self.documents["proba"])]

    def load_articles(self):
        for article in c.ARTICLES:
            link = article["slug"] == c.PROBA_REPORT["article"]
            self._page(
                "artikkel",
                self.pages["knowledge"],
                ArticlePage,
                article["slug"],
                {
                    "title": article["title"],
                    "date": article["date"],
                    "intro": article["intro"],
                    "body": _stream(article["body"]),
                    "author": self.people.get(article["author"]) if article["author"] else None,
                    "organisation": self.organisations.get(article["organisation"]),
                    "topics": self._topics(article["topics"]),
                },
                before_publish=self._link_evaluation_report if link else None,
            )

    @staticmethod
    def _sections(sections):
        return [
            {"type": "section", "value": {"heading": heading, "body": body}}
            for heading, body in sections
        ]

    def load_governance_documents(self):
        governance = self.pages["governance"]
        mandate = c.MANDATE
        self.pages["mandate"] = self._page(
            "mandat",
            governance,
            MandatePage,
            mandate["slug"],
            {
                "title": mandate["title"],
                "summary": mandate["summary"],
                "body": self._sections(mandate["sections"]),
                "status": mandate["status"],
                "version_label": mandate["version_label"],
                "approved_by_body": mandate["approved_by_body"],
                "approval_line": mandate["approval_line"],
                "parties": [self.organisations[name] for name in mandate["parties"]],
            },
        )
        for agreement in c.AGREEMENTS:
            self.pages[agreement["slug"]] = self._page(
                "avtale",
                governance,
                AgreementPage,
                agreement["slug"],
                {
                    "title": agreement["title"],
                    "summary": agreement["summary"],
                    "body": self._sections(agreement["sections"]),
                    "status": agreement["status"],
                    "version_label": agreement["version_label"],
                    "effective_from": agreement.get("effective_from"),
                    "termination_terms": agreement.get("termination_terms", ""),
                    "parties": [self.organisations[name] for name in agreement["parties"]],
                },
            )

    def load_meetings(self):
        meetings = self.pages["meetings"]
        minutes = c.MINUTES_2025_12_15
        items = [
            {
                "type": "item",
                "value": {
                    "number": item["number"],
                    "title": item["title"],
                    "discussion": item["discussion"],
                    "decision": item["decision"],
                    "actions": _listed(item["actions"]),
                },
            }
            for item in minutes["items"]
        ]
        fields = {
            key: minutes[key]
            for key in (
                "title", "meeting_date", "start_time", "end_time", "place", "is_online",
                "present", "absent", "minute_taker",
            )
        }  # fmt: skip
        self.pages["minutes"] = self._page(
            "møte", meetings, MinutesPage, minutes["slug"], {**fields, "items": items}
        )
        for meeting in c.MEETINGS_2026:
            fields = {
                key: meeting[key]
                for key in (
                    "title", "meeting_date", "start_time", "end_time", "place", "is_online",
                )
            }  # fmt: skip
            self._page(
                "møte", meetings, MinutesPage, meeting["slug"],
                {**fields, "agenda": _stream(meeting["agenda"])},
            )  # fmt: skip

    def load_activity_plan(self):
        plan = c.ACTIVITY_PLAN_2026
        self._page(
            "aktivitetsplan", self.pages["governance"], ActivityPlanPage, plan["slug"],
            {"title": plan["title"], "year": plan["year"], "body": _stream(plan["body"])},
        )  # fmt: skip

    def load_gathering(self):
        data = c.GATHERING
        network = self.networks[data["host_network"]]
        root_collection = Collection.get_first_root_node()
        documents = {}

        def ensure_presentations(gathering):
            for key, (title, fmt, filename, description, topics, slides) in c.PRESENTATIONS.items():
                make = pptx_bytes if fmt == "pptx" else pdf_bytes
                documents[key] = self._document(
                    title,
                    root_collection,
                    filename,
                    lambda make=make, title=title, slides=slides: make(title, slides),
                    kind=DocumentKind.PRESENTATION,
                    description=description,
                    network=self.networks.get(c.PRESENTATION_NETWORKS.get(key)),
                    gathering=gathering,
                    year=2026,
                    language=DocumentLanguage.NB,
                    topics=self._topics(topics),
                )

        def add_programme(gathering):
            ensure_presentations(gathering)
            gathering.programme = self._programme(documents)

        gathering = self._page(
            "samling",
            self.pages["national"],
            GatheringPage,
            data["slug"],
            {
                "title": data["title"],
                "start_date": data["start_date"],
                "end_date": data["end_date"],
                "venue": data["venue"],
                "host_organisation": self.organisations[data["host_organisation"]],
                "host_network": network,
                "registration_deadline": data["registration_deadline"],
                "intro": data["intro"],
                "evaluation_notes": c.evaluation_notes_html(),
                "topics": self._topics(data["topics"]),
            },
            before_publish=add_programme,
        )
        if not documents:
            # The page existed already; its presentations are still keyed by title.
            ensure_presentations(gathering)
        self.pages["gathering"] = gathering

    def load_earlier_editions(self):
        for data in c.EARLIER_EDITIONS:
            self._page(
                "samling",
                self.pages["national"],
                GatheringPage,
                data["slug"],
                {
                    "title": data["title"],
                    "start_date": data["start_date"],
                    "intro": data["intro"],
                    "topics": self._topics(data["topics"]),
                },
            )
        for data in c.EXAMPLE_EDITIONS:
            host = self.networks[data["host_network"]]
            self._example_gathering(
                self.pages["national"],
                data["slug"],
                {
                    "title": data["title"],
                    "start_date": data["date"],
                    "end_date": data["date"],
                    "venue": host.city,
                    "intro": c.EXAMPLE_EDITION_INTRO,
                    "host_organisation": host.host_centre,
                    "host_network": host,
                    "topics": self._topics(data["topics"]),
                },
                data["talks"],
                lambda talk, edition=data["title"]: c.example_edition_talk_title(talk, edition),
                # A national gathering's presentations are the speakers' own network's or none,
                # never the host's; the speakers here are examples.
                document_network=None,
            )

    def load_regional_gatherings(self):
        """A past gathering of each network, with a short programme and its presentations:
        examples, each saying so."""
        cities = {slug: city for slug, city, *_rest in c.NETWORKS}
        for slug, date, topic, talks in c.REGIONAL_GATHERINGS:
            network, city = self.networks[slug], cities[slug]
            title = c.regional_gathering_title(city, date)
            self._example_gathering(
                network,
                slugify(title),
                {
                    "title": title,
                    "start_date": date,
                    "intro": c.REGIONAL_GATHERING_INTRO,
                    "host_organisation": network.host_centre,
                    "topics": self._topics([topic]),
                },
                talks,
                lambda talk, city=city: c.regional_talk_title(talk, city),
                document_network=network,
            )

    def _example_gathering(self, parent, slug, fields, talks, talk_title, document_network):
        """An example gathering under `parent` made from `fields`, with a one-day programme on
        its start date and an example PDF for each of `talks`, titled by `talk_title(talk)` and
        filed under `document_network` (None: under no network)."""
        root_collection = Collection.get_first_root_node()
        documents = []

        def ensure_presentations(gathering):
            documents.clear()
            gathering_name = gathering.title.removeprefix("Eksempel: ")
            for talk, topics, bullets in talks:
                title = talk_title(talk)
                slides = [(title, [gathering.title, c.EXAMPLE_FILE]), (talk, bullets)]
                documents.append(
                    self._document(
                        title,
                        root_collection,
                        f"{slugify(title)}.pdf",
                        lambda t=title, s=slides: pdf_bytes(t, s),
                        kind=DocumentKind.PRESENTATION,
                        description=f"Eksempel: eksempelfil for demoen. {gathering_name}.",
                        network=document_network,
                        gathering=gathering,
                        year=gathering.start_date.year,
                        language=DocumentLanguage.NB,
                        topics=self._topics(topics),
                    )
                )

        def add_programme(gathering):
            ensure_presentations(gathering)
            gathering.programme = self._example_programme(gathering.start_date, talks, documents)

        gathering = self._page(
            "samling", parent, GatheringPage, slug, fields, before_publish=add_programme
        )
        if not documents:
            # The page existed already; its presentations are still keyed by title.
            ensure_presentations(gathering)

    @staticmethod
    def _example_programme(date, talks, documents):
        sessions = [
            {
                "start": start.isoformat(),
                "end": end.isoformat() if end else None,
                "title": title,
                "description": "",
                "responsible": "",
                "speakers": [],
                "presentation": documents[index].pk if index is not None else None,
                "note": "",
            }
            for start, end, title, index in c.regional_programme(talks)
        ]
        return [
            {
                "type": "day",
                "value": {
                    "title": "Dag 1",
                    "date": date.isoformat(),
                    "theme": "",
                    "sessions": _listed(sessions),
                },
            }
        ]

    def _programme(self, documents):
        days = []
        for day in c.PROGRAMME:
            sessions = []
            for start, end, title, responsible, description, note, key in day["sessions"]:
                speakers = [self.people[name].pk for name in c.SESSION_SPEAKERS.get(key, [])]
                sessions.append(
                    {
                        "start": start.isoformat(),
                        "end": end.isoformat() if end else None,
                        "title": title,
                        "description": description,
                        "responsible": responsible,
                        "speakers": _listed(speakers),
                        "presentation": documents[key].pk if key else None,
                        "note": note,
                    }
                )
            days.append(
                {
                    "type": "day",
                    "value": {
                        "title": day["title"],
                        "date": day["date"].isoformat(),
                        "theme": day["theme"],
                        "sessions": _listed(sessions),
                    },
                }
            )
        return days

    def load_minutes_document(self):
        collection = Collection.objects.filter(name=groups.RAG_COLLECTION).first()
        if collection is None:
            raise DemoContentError(_("Samlingen «RAG» for dokumenter finnes ikke. Kjør migrate."))
        title, filename, description = c.MINUTES_DOCUMENT
        minutes = c.MINUTES_2025_12_15
        slides = [
            (
                minutes["title"],
                [
                    "14.30–15.30, Teams",
                    f"Til stede: {minutes['present']}",
                    f"Forfall: {minutes['absent']}",
                    f"Referent: {minutes['minute_taker']}",
                ],
            )
        ]
        for item in minutes["items"]:
            lines = [item["decision"]] if item["decision"] else []
            lines += [f"{action['what']} ({action['responsible']})" for action in item["actions"]]
            slides.append((f"Sak {item['number']}: {item['title']}", lines))
        self._document(
            title,
            collection,
            filename,
            lambda: pdf_bytes(title, slides),
            kind=DocumentKind.MINUTES,
            description=description,
            year=2025,
            language=DocumentLanguage.NB,
        )


def load_demo(stdout=None, progress=True):
    """Load the demo content and bring the governance pages to their demo states."""
    loader = DemoLoader(stdout=stdout, progress=progress)
    loader.run()
    governance_states.apply(stdout=stdout)
    load_english(loader)
    return loader
