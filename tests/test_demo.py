"""The demo loader: the site it builds from the source documents, and that it is idempotent.

The demo is loaded once for the module inside a transaction that is rolled back at the end,
so other test modules never see it; each test runs in a savepoint of its own.
"""

import io
import json
import re
import zipfile

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import (
    Collection,
    Comment,
    Locale,
    Page,
    PageViewRestriction,
    Revision,
    Site,
)

from home.models import HomePage
from kb.demo.governance_states import AKAN_FEEDBACK
from kb.demo.loader import DemoLoader
from kb.models import (
    Action,
    ActivityPlanPage,
    AgreementPage,
    AlorDocument,
    ArticlePage,
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
from kb.privacy import Visibility

CITIES = {
    "Haugesund", "Stavanger", "Ålesund", "Kristiansund", "Trondheim", "Molde", "Oslo",
    "Kristiansand", "Tønsberg", "Bergen", "Stjørdal",
}  # fmt: skip

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# Norwegian phone numbers as written: 51729063, 51 72 90 63, 909 35 662, +47 …
PHONE = re.compile(
    r"(?<![\w.:/-])(?:\+47\s?)?(?:\d{8}|\d{2}(?: \d{2}){3}|\d{3} \d{2} \d{3})(?![\w.:/-])"
)


def _counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "topics": Topic.objects.count(),
        "organisations": Organisation.objects.count(),
        "people": Person.objects.count(),
        "documents": AlorDocument.objects.count(),
        "locales": Locale.objects.count(),
        "sites": Site.objects.count(),
        "collections": Collection.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "latest_revisions": list(
            Page.objects.order_by("pk").values_list("pk", "latest_revision_id")
        ),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once, through the management command, and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("load_demo", "--no-progress", stdout=out)
        yield {"output": out.getvalue(), "counts": _counts()}
        transaction.set_rollback(True)


@pytest.fixture
def site(demo, db):
    home = Site.objects.get(is_default_site=True).root_page.specific
    return home


def _child(parent, model):
    return model.objects.child_of(parent).get()


def _sessions(day):
    return [(s["start"].strftime("%H:%M"), s["title"]) for s in day.value["sessions"]]


def test_home_replaces_the_welcome_page_in_norwegian(site):
    assert isinstance(site, HomePage)
    assert site.locale.language_code == "nb"
    assert site.live
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"nb", "en"}
    # Wagtail's welcome page is gone: the home page is the only page under the root (with
    # its English translation).
    assert list(Page.objects.filter(depth=2, locale=site.locale)) == [site.page_ptr]


def test_sections_and_private_rag(site):
    titles = {
        KnowledgeIndexPage: "Kunnskap",
        NetworkIndexPage: "Nettverk",
        NationalGatheringIndexPage: "Alor Norge",
        GovernanceIndexPage: "RAG",
    }
    for model, title in titles.items():
        page = _child(site, model)
        assert page.title == title
        assert page.live and page.revisions.exists()
    rag = _child(site, GovernanceIndexPage)
    assert PageViewRestriction.objects.filter(page=rag).exists()
    assert _child(rag, MeetingIndexPage).title == "Møter"


def test_eleven_networks_with_city_region_and_host(site):
    networks = NetworkPage.objects.child_of(_child(site, NetworkIndexPage)).live()
    assert networks.count() == 11
    assert {n.city for n in networks} == CITIES
    for network in networks.select_related("host_centre"):
        assert network.region
        assert network.host_centre.name.startswith("KORUS")
        assert network.meeting_rhythm == "to samlinger i året"
    stavanger = networks.get(city="Stavanger")
    assert stavanger.host_centre.name == "KORUS Stavanger"


def test_organisations_topics_and_people(site):
    names = set(Organisation.objects.values_list("name", flat=True))
    assert {
        "KORUS sør", "KORUS Stavanger", "KORUS Bergen", "KORUS midt", "KORUS øst",
        "KORUS nord", "KORUS Oslo", "Akan kompetansesenter", "Digital sør",
        "Helsedirektoratet", "Proba samfunnsanalyse",
    } <= names  # fmt: skip
    topics = set(Topic.objects.values_list("name", flat=True))
    assert {"sykefravær", "alkohol", "spill", "pårørende", "rusforebygging", "ruspolicy",
            "tidlig intervensjon", "forskning"} <= topics  # fmt: skip
    einar = Person.objects.get(name="Einar", locale=site.locale)
    assert einar.organisation.name == "Digital sør"
    assert (
        Person.objects.get(name="Silje", locale=site.locale).organisation.name == "KORUS Stavanger"
    )


def test_alor_norge_2026_programme(site):
    gathering = GatheringPage.objects.child_of(_child(site, NationalGatheringIndexPage)).get(
        slug="alor-norge-2026"
    )
    assert gathering.title == "Alor Norge 2026"
    assert (str(gathering.start_date), str(gathering.end_date)) == ("2026-06-10", "2026-06-11")
    assert gathering.venue == "Hummeren hotell"
    # The minutes give «Påmeldingsfrist medio april», not a day.
    assert gathering.registration_deadline is None
    assert "påmeldingsfrist medio april" in gathering.intro
    assert gathering.host_organisation.name == "KORUS Stavanger"
    assert gathering.host_network.city == "Stavanger"

    day1, day2 = list(gathering.programme)
    assert (day1.value["title"], str(day1.value["date"])) == ("Dag 1", "2026-06-10")
    assert (day2.value["title"], str(day2.value["date"])) == ("Dag 2", "2026-06-11")
    sessions1 = _sessions(day1)
    assert sessions1[0] == ("10:30", "Registrering")
    assert ("13:30", "www.alor.no v/ Einar") in sessions1
    assert ("14:30", "Open Space") in sessions1
    assert sessions1[-1] == ("20:00", "Middag")
    assert {"Velkommen til alor Norge", "Siden sist v/ RAG", "Historisk tilbakeblikk"} <= {
        title for _, title in sessions1
    }
    assert _sessions(day2) == [
        ("09:00", "God morgen"),
        ("09:15", "Innlegg 1"),
        ("10:00", "Pause m/ utsjekk"),
        ("10:15", "Innlegg 2"),
        ("11:00", "Pause"),
        ("11:15", "Innlegg 3"),
        ("12:15", "Pause"),
        ("12:30", "Oppsummering/evaluering/veien videre"),
        ("13:00", "Lunsj og avreise"),
    ]
    alor_no = next(s for s in day1.value["sessions"] if s["title"] == "www.alor.no v/ Einar")
    assert alor_no["responsible"] == "Einar"
    assert [p.name for p in alor_no["speakers"]] == ["Einar"]
    assert alor_no["presentation"].title == "www.alor.no v/ Einar"


def test_presentations_are_real_files_linked_to_the_gathering(site):
    gathering = GatheringPage.objects.get(slug="alor-norge-2026", locale__language_code="nb")
    presentations = AlorDocument.objects.filter(kind="presentation", gathering=gathering)
    assert 4 <= presentations.count() <= 6
    kinds = set()
    for document in presentations:
        assert document.year == 2026
        with document.open_file() as handle:
            data = handle.read()
        assert data and len(data) == document.file_size
        if document.file_extension == "pdf":
            assert data.startswith(b"%PDF")
        else:
            assert document.file_extension == "pptx"
            assert "ppt/presentation.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
        kinds.add(document.file_extension)
    assert kinds == {"pdf", "pptx"}
    linked = {
        s["presentation"].pk
        for day in gathering.programme
        for s in day.value["sessions"]
        if s["presentation"]
    }
    assert linked == set(presentations.values_list("pk", flat=True))
    # Public presentations are listed for anyone; the minutes PDF is not.
    assert set(Visibility().documents().filter(gathering=gathering)) == set(presentations)


def test_minutes_pdf_is_in_the_private_rag_collection(site):
    minutes = AlorDocument.objects.get(kind="minutes")
    assert minutes.collection.name == "RAG"
    assert minutes.year == 2025
    assert minutes.pk not in set(Visibility().documents().values_list("pk", flat=True))


def test_minutes_of_15_december_2025(site):
    minutes = MinutesPage.objects.get(slug="2025-12-15")
    assert str(minutes.meeting_date) == "2025-12-15"
    assert (minutes.start_time.strftime("%H:%M"), minutes.end_time.strftime("%H:%M")) == (
        "14:30",
        "15:30",
    )
    assert minutes.is_online
    assert minutes.present == "Hasle, Einar, Inger Lise, Silje, Nina Ste (ref.)"
    assert minutes.absent == "Nina Marta"
    assert minutes.minute_taker == "Nina Ste"
    items = [block.value for block in minutes.items]
    assert [item["number"] for item in items] == [str(n) for n in range(1, 9)]
    # Follow-up («Avklaring/oppfølging») only where the minutes give one.
    assert [bool(item["decision"]) for item in items] == [True, False] + [True] * 4 + [False] * 2
    by_title = {item["title"]: item for item in items}
    assert by_title["Tema for møtet"]["decision"] == "Godkjent."
    assert list(by_title["Mandat RAG (for KORUS-ene)"]["actions"]) == []
    domain = by_title["Domene alor.no"]
    assert "tilbakeføres KORUS" in domain["discussion"].source
    assert domain["decision"].startswith("Einar følger opp, sender utkast til Stavanger")
    assert [a["responsible"] for a in domain["actions"]] == ["Einar", "Einar"]
    assert all(a["status"] == "open" for a in domain["actions"])
    agreement = by_title["Samarbeidsavtale KORUS/Akan"]["actions"]
    assert [(a["responsible"], a["due_date"], a["status"]) for a in agreement] == [
        ("Silje", None, "open")
    ]
    alor_norge = by_title["Alor Norge 2026"]["actions"]
    registration = next(a for a in alor_norge if "påmelding" in a["what"])
    assert registration["status"] == "done"  # «(OK, bekreftet 18.12.)»
    assert str(registration["due_date"]) == "2025-12-18"
    assert sum(len(item["actions"]) for item in items) == 16


def test_the_tracked_actions_are_the_minutes_own(site):
    """No action for item 2 (the minutes give none), none done beyond what the minutes say."""
    minutes = MinutesPage.objects.get(slug="2025-12-15")
    actions = Action.objects.filter(minutes=minutes)
    assert actions.count() == 16
    assert not actions.filter(item_number="2").exists()
    assert not actions.filter(item_number__in=["7", "8"]).exists()
    assert list(actions.filter(status="done").values_list("what", "done_by")) == [
        ("Sjekke om sør kan ta påmelding mm.", None)
    ]
    assert not actions.filter(status="in_progress").exists()


def test_meetings_of_2026_and_the_agenda_of_27_january(site):
    meetings = MeetingIndexPage.objects.get()
    coming = MinutesPage.objects.child_of(meetings).filter(meeting_date__year=2026)
    assert sorted(str(m.meeting_date) for m in coming) == [
        "2026-01-27", "2026-03-09", "2026-05-20", "2026-06-09",
    ]  # fmt: skip
    assert all(len(m.items) == 0 for m in coming)
    january = coming.get(meeting_date="2026-01-27")
    assert "Dronningens gate" in january.place and not january.is_online
    points = [(p.value["start"].strftime("%H:%M"), p.value["title"]) for p in january.agenda]
    assert points[0] == ("09:30", "Velkommen. Bakgrunn for invitasjonen: mandat, K7")
    assert ("11:30", "Lunsj") in points
    assert any(title.startswith("EUPC") for _, title in points)
    march = coming.get(meeting_date="2026-03-09")
    assert march.start_time.strftime("%H:%M") == "12:00"
    # The minutes give the time, not where: the demo does not say it is on Teams.
    assert not march.is_online and not march.place


def test_mandate_sections_and_open_approval_line(site):
    mandate = MandatePage.objects.get()
    # The loader publishes the mandate as «Til godkjenning»; the governance workflow that
    # governance_states starts afterwards owns the status from then on.
    first = mandate.revisions.order_by("created_at", "pk").first()
    assert first.content["status"] == "approval"
    assert mandate.approval_line == "Dato mandatet er vedtatt i ledermøtet den ……"
    assert mandate.approved_on is None
    assert not mandate.versions().exists()
    # The workflow state is shown for demonstration, and the page says so.
    assert "oversendt leder i sør, som tar det opp i ledergruppa K7" in mandate.summary
    assert "Eksempel:" in mandate.summary
    headings = [block.value["heading"] for block in mandate.body if block.block_type == "section"]
    assert headings == [
        "Bakgrunn",
        "Målsetting",
        "Organisering",
        "Økonomi og eksternt samarbeid",
        "Resultatmål for arbeidet",
        "RAGs arbeidsoppgaver",
        "Evaluering",
        "Handlingsplan/aktivitetsplan",
    ]
    background = mandate.body[0].value["body"].source
    assert "Alkohol påfører arbeidslivet store kostnader" in background


def test_agreements_hold_only_what_the_minutes_say(site):
    korus_akan = AgreementPage.objects.get(slug="samarbeidsavtale-korus-akan")
    assert korus_akan.status == "feedback"
    assert {p.name for p in korus_akan.parties.all()} == {
        "KORUS Stavanger",
        "Akan kompetansesenter",
    }
    assert "Eksempel:" in korus_akan.summary  # «Til innspill» is set for demonstration
    korus_akan_text = " ".join(b.value["body"].source for b in korus_akan.body)
    assert "Silje har laget utkast, og oversendt Akan som har kommet med innspill." in (
        korus_akan_text
    )
    assert [b.value["heading"] for b in korus_akan.body] == ["Fra referatet 15.12.2025, sak 3"]

    web = AgreementPage.objects.get(slug="avtale-drift-nettside-og-domene")
    # Einar drafts it (minutes, item 4): a draft, never approved or signed, no K7 decision.
    assert web.status == "draft"
    assert web.version_label == "Utkast"
    assert not web.versions().exists()
    assert not web.workflow_in_progress
    assert (web.approved_on, web.decision_reference, web.signed_copy) == (None, "", None)
    assert web.effective_from is None and web.termination_terms == ""
    assert {p.name for p in web.parties.all()} == {"Digital sør", "KORUS Stavanger"}
    assert [b.value["heading"] for b in web.body] == ["Fra referatet 15.12.2025, sak 4"]
    body = web.body[0].value["body"].source
    assert "Einar lager utkast til avtale med KORUS Stavanger" in body
    assert "tilbakeføres KORUS dersom avtalen med Digital sør oppheves" in body
    page_text = json.dumps(web.serializable_data(), ensure_ascii=False, default=str)
    assert "K7" not in page_text and "Signert" not in page_text
    assert "konsumprisindeks" not in page_text  # no invented clauses
    assert not AlorDocument.objects.filter(title__contains=web.title).exists()


def test_the_signed_agreement_is_an_example(site):
    example = AgreementPage.objects.get(slug="eksempel-signert-avtale")
    assert example.title.startswith("Eksempel: ")
    assert example.summary.startswith("Eksempel: dette er ikke en ekte avtale.")
    assert example.status == "signed"
    assert list(example.parties.all()) == []
    (version,) = example.versions()
    assert version.number == 1
    assert version.decision_reference.startswith("Eksempel:")
    assert version.signed_copy.title.startswith("Signert avtale: Eksempel:")
    assert version.signed_copy.collection.name == "RAG"


def test_every_state_set_for_demonstration_says_eksempel(site):
    """A governance page in a workflow, with versions or past «Utkast» says it is an example;
    so do Akan's comment and every generated sample file."""
    for page in list(MandatePage.objects.all()) + list(AgreementPage.objects.all()):
        shown = page.workflow_in_progress or page.versions().exists() or page.status != "draft"
        if shown:
            assert "Eksempel" in page.title or "Eksempel" in page.summary, page.slug
    # Akan's comment is made only when there is a partner user (`make run`: tests/test_site.py).
    assert AKAN_FEEDBACK.startswith("Eksempel: ")
    for comment in Comment.objects.all():
        assert comment.text.startswith("Eksempel: ")
    for document in AlorDocument.objects.all():
        assert "Eksempel" in document.title or document.description.startswith("Eksempel: "), (
            document.title
        )
    plan = ActivityPlanPage.objects.get()
    assert plan.body[0].value.source.startswith("<p>Eksempel: ")


def test_activity_plan_and_articles(site):
    plan = ActivityPlanPage.objects.get()
    assert plan.year == 2026
    assert "Markedsføring" in json.dumps(list(plan.body.raw_data), ensure_ascii=False)
    articles = ArticlePage.objects.child_of(
        KnowledgeIndexPage.objects.get(locale=site.locale)
    ).live()
    assert 3 <= articles.count() <= 4
    evaluation = articles.get(slug="virksomme-nettverk-innen-arbeidsliv-og-rus")
    assert str(evaluation.date) == "2017-11-09"
    assert evaluation.author.name == "Marit Vasshus"
    assert evaluation.organisation.name == "KORUS Stavanger"
    assert "forskning" in {t.name for t in evaluation.topics.all()}
    assert "Hva er et alor-nettverk?" in {a.title for a in articles}


def _loaded_text():
    """Every text the loader wrote: pages, snippets and document metadata."""
    texts = []
    for page in Page.objects.filter(depth__gte=2).specific():
        data = page.serializable_data()
        for key in ("path", "url_path", "translation_key", "draft_title", "locale"):
            data.pop(key, None)
        texts.append(json.dumps(data, ensure_ascii=False, default=str))
    for model in (Topic, Organisation, Person):
        texts.extend(str(v) for v in model.objects.values_list())
    for document in AlorDocument.objects.all():
        texts.extend([document.title, document.description, document.file.name])
    # Stream block ids are random hex: they are not content.
    uuid = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    return re.sub(uuid, "", "\n".join(texts))


def test_no_phone_numbers_or_email_addresses(site):
    text = _loaded_text()
    assert "Ingunn K. Svendsen" in text  # the 2017 contact person is there, without details
    assert EMAIL.findall(text) == []
    assert PHONE.findall(text) == []
    # The detectors do catch what the 2017 article held.
    assert PHONE.findall("Tlf. 51729063 / 90935662") == ["51729063", "90935662"]
    assert EMAIL.findall("ingunn.svendsen@rogaland-asenter.no") != []


OCR_DAMAGE = [
    "sykefraver", "pararende", "pararendeperspektivet", "lefte", "bista", "starre", "stevner",
    "sjel", "fitt", "eke", "mist", "overfaringsverdi", "milje", "baerekraft", "baerekraftsmal",
    "pélagt", "péfyll", "Markedsfaring", "n4", "nd", "veert", "forevrig", "Oppfelging",
    "20257", "pa", "ma", "here", "fre", "p3", "4", "utviklingsmal",
]  # fmt: skip


def test_ocr_damage_is_repaired_on_the_gathering_page(site):
    gathering = GatheringPage.objects.get(slug="alor-norge-2026", locale__language_code="nb")
    programme = json.dumps(list(gathering.programme.raw_data), ensure_ascii=False)
    text = " ".join([gathering.evaluation_notes, gathering.intro, programme])
    words = set(re.findall(r"\w+", gathering.evaluation_notes))
    assert words.isdisjoint(OCR_DAMAGE), words & set(OCR_DAMAGE)
    assert "sykefraver" not in text and "pararende" not in text
    for repaired in (
        "Mer om alkohol og sykefravær",
        "løfte frem og ha fokus på",
        "bistå hverandre i enda større grad",
        "Fortsette som vi står!",
        "det må nok jeg stå for selv",
        "ikke minst overføringsverdi til HMS, arb.miljø og sosial bærekraft",
        "forøvrig virksomhetene pålagt å rapportere inn",
        "jf. FNs bærekraftsmål",
        "pårørendeperspektivet",
        "faglig påfyll",
        "Bedre tid til å dele erfaringer, å høre fra hverandre",
        "Har vi fått flere bedrifter til å bidra med innlegg siden juni 2025?",
        "Markedsføring (nå flere, nå utsatte bransjer, få med ledere)",
        "Ville vært interessant",
        "Oppfølging av «rekruttering»",
        "hvordan øke aktualiteten",
    ):
        assert repaired in gathering.evaluation_notes, repaired
    assert "Pecha Kucha v/ Inger Lise" in gathering.evaluation_notes


def test_second_run_creates_and_changes_nothing(site, demo):
    assert "11 opprettet, 0 uendret" in demo["output"]  # the first run made the networks
    assert _counts() == demo["counts"]
    out = io.StringIO()
    call_command("load_demo", "--no-progress", stdout=out)
    assert _counts() == demo["counts"]
    assert "Ingenting nytt" in out.getvalue()
    assert "nettverk" in out.getvalue() and "0 opprettet, 11 uendret" in out.getvalue()


def test_a_conflict_rolls_the_whole_run_back(site):
    """A page in the way stops the run with a clear error and leaves nothing half-written."""
    NetworkPage.objects.get(slug="molde", locale=site.locale).delete()
    meetings = MeetingIndexPage.objects.get()
    MinutesPage.objects.get(slug="2026-03-09").delete()
    meetings.refresh_from_db()
    meetings.add_child(instance=ActivityPlanPage(title="I veien", slug="2026-03-09", year=2026))
    before = Page.objects.count()
    loader = DemoLoader(progress=False)
    with pytest.raises(Exception, match="2026-03-09"):
        loader.run()
    assert Page.objects.count() == before
    assert not NetworkPage.objects.filter(slug="molde", locale=site.locale).exists()


def test_the_loaded_site_renders(site, client, django_user_model):
    """Every loaded page renders for a superuser; the public ones for anyone."""
    admin = django_user_model.objects.create_superuser("demoadmin", password="pw")
    rag = GovernanceIndexPage.objects.get()
    client.force_login(admin)
    for page in Page.objects.filter(depth__gte=2).live().specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    client.logout()
    assert (
        client.get(
            GatheringPage.objects.get(slug="alor-norge-2026", locale=site.locale).url
        ).status_code
        == 200
    )
    minutes = MinutesPage.objects.get(slug="2025-12-15")
    response = client.get(minutes.url)
    assert response.status_code in (302, 403, 404)
    assert b"Nina Marta" not in response.content
    assert client.get(rag.url).status_code in (302, 403, 404)


def test_national_presentations_belong_to_the_speakers_network_not_the_hosts(site, client):
    """Only the talk presenting alor Stavanger is Stavanger's; the others at Alor Norge 2026
    (Digital sør's, RAG's, the invited speakers') belong to no network."""
    gathering = GatheringPage.objects.get(slug="alor-norge-2026", locale__language_code="nb")
    networks = dict(
        AlorDocument.objects.filter(gathering=gathering).values_list("title", "network__slug")
    )
    assert networks.pop("Presentasjon av nettverkene: alor Stavanger") == "stavanger"
    assert set(networks.values()) == {None}

    stavanger = NetworkPage.objects.get(slug="stavanger", locale__language_code="nb")
    page = client.get(stavanger.url).content.decode()
    assert "Vertskap for Alor Norge 2026" in page
    assert "Nettverket har ingen publiserte samlinger ennå" not in page
    assert "Presentasjon av nettverkene: alor Stavanger" in page
    assert "www.alor.no v/ Einar" not in page


def test_every_network_has_a_past_gathering_with_a_programme_and_presentations(site, client):
    today = timezone.localdate()
    for network in NetworkPage.objects.live().filter(locale=site.locale):
        gatherings = GatheringPage.objects.child_of(network).live().filter(start_date__lt=today)
        assert gatherings.exists(), network.city
        for gathering in gatherings:
            assert gathering.title.startswith("Eksempel: "), gathering.title
            assert gathering.intro.startswith("<p>Eksempel: "), gathering.title
            (day,) = list(gathering.programme)
            assert len(day.value["sessions"]) >= 5
            presentations = AlorDocument.objects.filter(gathering=gathering)
            assert 1 <= presentations.count() <= 2, gathering.title
            linked = {s["presentation"].pk for s in day.value["sessions"] if s["presentation"]}
            assert linked == set(presentations.values_list("pk", flat=True))
            for document in presentations:
                assert document.title.startswith("Eksempel: ")
                assert document.description.startswith("Eksempel: ")
                assert (document.kind, document.network_id) == ("presentation", network.pk)
                assert document.year == gathering.start_date.year
                assert document.topics.exists()
                with document.open_file() as handle:
                    assert handle.read(4) == b"%PDF"
        page = client.get(network.url).content.decode()
        assert "Tidligere samlinger" in page and "Nettverket har ingen" not in page


def test_alor_norge_has_its_earlier_edition_as_told_by_the_sources(site):
    national = _child(site, NationalGatheringIndexPage)
    editions = GatheringPage.objects.child_of(national).live().order_by("start_date")
    assert [g.slug for g in editions] == [
        "alor-norge-2023",
        "alor-norge-2024",
        "alor-norge-2025",
        "alor-norge-2026",
    ]
    earlier = editions.get(slug="alor-norge-2025")
    assert earlier.title == "Alor Norge 2025"
    # Its date is set for the demo, and the intro says so; the rest quotes the sources.
    assert earlier.intro.startswith("<p>Eksempel: ")
    assert "«Erfaringer fra sist alor Norge samling»" in earlier.intro
    assert "«oppfølging av OS 2025»" in earlier.intro
    assert (earlier.venue, earlier.host_network, len(earlier.programme)) == ("", None, 0)
    assert not AlorDocument.objects.filter(gathering=earlier).exists()


def test_the_invented_earlier_editions_say_eksempel_and_have_a_host_and_a_programme(site, client):
    """Alor Norge 2023 and 2024 are not in the sources: title, intro, host, programme and
    presentations are examples, and the presentations belong to no network, not the host's."""
    national = _child(site, NationalGatheringIndexPage)
    hosts = {}
    for slug, year in (("alor-norge-2023", 2023), ("alor-norge-2024", 2024)):
        edition = GatheringPage.objects.child_of(national).live().get(slug=slug)
        assert edition.title == f"Eksempel: Alor Norge {year}"
        assert edition.intro.startswith("<p>Eksempel: ")
        assert "Kildene nevner ikke denne samlingen" in edition.intro
        assert (edition.start_date.year, edition.start_date.month) == (year, 6)
        assert edition.end_date == edition.start_date
        assert edition.host_network is not None
        assert edition.host_organisation == edition.host_network.host_centre
        assert edition.venue == edition.host_network.city
        assert edition.topics.exists()
        hosts[edition.host_network.slug] = edition
        (day,) = list(edition.programme)
        assert len(day.value["sessions"]) >= 5
        presentations = AlorDocument.objects.filter(gathering=edition)
        assert 1 <= presentations.count() <= 2, edition.title
        linked = {s["presentation"].pk for s in day.value["sessions"] if s["presentation"]}
        assert linked == set(presentations.values_list("pk", flat=True))
        for document in presentations:
            assert document.title.startswith("Eksempel: ")
            assert document.description.startswith("Eksempel: eksempelfil for demoen.")
            assert (document.kind, document.network_id) == ("presentation", None)
            assert (document.year, document.language) == (year, "nb")
            assert document.topics.exists()
            with document.open_file() as handle:
                assert handle.read(4) == b"%PDF"
    assert len(hosts) == 2  # two different networks host them
    for network_slug, edition in hosts.items():
        network = NetworkPage.objects.get(slug=network_slug, locale=site.locale)
        page = client.get(network.url).content.decode()
        assert f"Vertskap for {edition.title}" in page, network_slug


def test_the_2017_evaluation_report_is_a_placeholder_linked_from_the_article(site, client):
    report = AlorDocument.objects.get(kind="report", year=2017)
    assert report.title.startswith("Eksempel: ") and "Proba" in report.title
    assert report.description.startswith("Eksempel: plassholder")
    assert report.pk in set(Visibility().documents().values_list("pk", flat=True))
    with report.open_file() as handle:
        assert handle.read(4) == b"%PDF"
    if report.extracted_text:  # read by the processing task
        assert "plassholder" in report.extracted_text
    article = ArticlePage.objects.get(
        slug="virksomme-nettverk-innen-arbeidsliv-og-rus", locale__language_code="nb"
    )
    assert [r.document_id for r in article.related_documents.all()] == [report.pk]
    assert report.title in client.get(article.url).content.decode()


def test_every_invented_gathering_and_document_says_eksempel(site):
    """Alor Norge 2026 comes from the sources; every other gathering is invented or dated for
    the demo, and says so in its title or intro, as does every document."""
    for gathering in GatheringPage.objects.exclude(slug="alor-norge-2026"):
        assert "Eksempel" in gathering.title or "Eksempel" in gathering.intro, gathering.slug
    for document in AlorDocument.objects.all():
        assert "Eksempel" in document.title or "Eksempel" in document.description


def test_no_topic_page_says_ingen_when_the_archive_has_something(site, client):
    knowledge = _child(site, KnowledgeIndexPage)
    for topic in Topic.objects.filter(locale=site.locale):
        page = client.get(knowledge.url, {"tema": topic.slug}).content.decode()
        assert "Ingen artikler om dette temaet" not in page, topic.slug


def test_no_english_topic_page_says_ingen_either(site, client):
    """A document is one file for both sites, filed under the bokmål topic: the English page
    of the topic's translation lists it too."""
    english = Locale.objects.get(language_code="en")
    knowledge = KnowledgeIndexPage.objects.get(locale=english)
    for topic in Topic.objects.filter(locale=english):
        page = client.get(knowledge.url, {"tema": topic.slug}).content.decode()
        assert "No articles on this topic" not in page, topic.slug
