"""The English demo site, made through wagtail-localize as an editor's translation would be.

Each page and snippet below gets a wagtail-localize translation source, a `Translation` into
English and a `StringTranslation` for each of its strings, and the English object is written
by the translation itself (`Translation.save_target`): the English pages are translations of
the bokmål ones, not pages of their own, so «Sync translated pages» works on them later.

What is translated: the snippets (topics, organisations, people: the pages point to them), the
home page, the public section index pages, the eleven networks, Alor Norge 2026 with its
programme, and two articles (the 2017 article and «Hva er et alor-nettverk?»). RAG's private
section stays in bokmål.

`STRINGS` is the translation memory: each bokmål string of those objects, and its English. The
English says what the bokmål says and nothing more; names of people, organisations and places
stay as they are. A string missing here is left in bokmål (wagtail-localize's fallback), and
tests/test_demo_english.py fails on it.

Idempotent: an object already translated is left as it is (an editor may have changed it).
"""

from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from kb.demo import content as c
from kb.models import ArticlePage, Organisation, Person, Topic

# The articles translated, by slug: the 2017 article and one written for the demo.
ARTICLES = ["virksomme-nettverk-innen-arbeidsliv-og-rus", "hva-er-et-alor-nettverk"]

REGIONS = {"sør": "south", "vest": "west", "midt": "central", "øst": "east", "nord": "north"}

NETWORK_RHYTHM = "two gatherings a year"


def _network_intro(city, centre):
    return (
        f"The alor network in {city} is a meeting place for managers, HSE staff, HR, safety "
        f"representatives, union representatives, the occupational health service and others "
        f"who work with working life and substance use. The network is run by {centre} in "
        f"cooperation with Akan kompetansesenter and meets {NETWORK_RHYTHM}."
    )


STRINGS = {
    # -- topics ----------------------------------------------------------------------------
    "sykefravær": "sick leave",
    "sykefravaer": "sick-leave",
    "Alkohol, rus og fravær fra arbeidet.": "Alcohol, substance use and absence from work.",
    "alkohol": "alcohol",
    "Alkoholbruk i arbeidslivet og kjøreregler for alkohol på jobb.": (
        "Alcohol use in working life and ground rules for alcohol at work."
    ),
    "spill": "gambling",
    "Pengespill og spillforebyggende arbeid i virksomhetene.": (
        "Gambling and gambling prevention in the workplace."
    ),
    "pårørende": "next of kin",
    "parorende": "next-of-kin",
    "Pårørendeperspektivet i arbeidslivet.": "The next-of-kin perspective in working life.",
    "rusforebygging": "substance use prevention",
    "Rusforebyggende arbeid på arbeidsplassen.": "Substance use prevention at the workplace.",
    "ruspolicy": "substance use policy",
    "Virksomhetenes ruspolicy og spillpolicy.": (
        "Organisations' substance use policy and gambling policy."
    ),
    "tidlig intervensjon": "early intervention",
    "tidlig-intervensjon": "early-intervention",
    "Å se, handle og hjelpe tidlig når noen har et problem.": (
        "Seeing, acting and helping early when someone has a problem."
    ),
    "forskning": "research",
    "Ny forskning og kunnskapsgrunnlag om arbeidsliv og rus.": (
        "New research and the knowledge base on working life and substance use."
    ),
    "HMS og arbeidsmiljø": "HSE and working environment",
    "hms-og-arbeidsmiljo": "hse-and-working-environment",
    "Rus som en del av HMS-arbeidet og arbeidsmiljøet.": (
        "Substance use as part of HSE work and the working environment."
    ),
    "sosial bærekraft": "social sustainability",
    "sosial-baerekraft": "social-sustainability",
    "Samfunnsansvar, FNs bærekraftsmål og skadelig alkoholbruk.": (
        "Corporate social responsibility, the UN Sustainable Development Goals and harmful "
        "alcohol use."
    ),
    "nettverk": "networks",
    "Alor-nettverkene: erfaringsdeling og samlinger.": (
        "The alor networks: sharing experience and gatherings."
    ),
    # -- people's roles ----------------------------------------------------------------------
    "Medlem av RAG": "Member of RAG",
    "Digitalt ansvarlig": "Digital lead",
    "Medlem av RAG, referent": "Member of RAG, minute taker",
    "Foreslått innleder, Oslo": "Proposed speaker, Oslo",
    "Foreslått innleder (ABC)": "Proposed speaker (ABC)",
    "Foreslått innleder": "Proposed speaker",
    "Foreslått innleder, UiS": "Proposed speaker, UiS",
    "Foreslått innleder (sykefravær)": "Proposed speaker (sick leave)",
    "Foreslått innleder (spill)": "Proposed speaker (gambling)",
    "Artikkelforfatter": "Article author",
    "Spesialrådgiver": "Senior adviser",
    # -- home and sections -------------------------------------------------------------------
    c.HOME["title"]: "alor – working life and substance use",
    "Kunnskapsbasen til de regionale nettverkene for arbeidsliv og rus: artikler, program og "
    "presentasjoner fra samlingene, og RAGs styringsdokumenter.": (
        "The knowledge base of the regional networks on working life and substance use: "
        "articles, programmes and presentations from the gatherings, and RAG's governance "
        "documents."
    ),
    "Kunnskap": "Knowledge",
    "kunnskap": "knowledge",
    "Artikler om arbeidsliv og rus, ordnet etter tema.": (
        "Articles on working life and substance use, by topic."
    ),
    "Nettverk": "Networks",
    "Elleve regionale alor-nettverk møtes to ganger i året. Nettverkene driftes av KORUS-ene "
    "i samarbeid med Akan kompetansesenter.": (
        "Eleven regional alor networks meet twice a year. The networks are run by the KORUS "
        "centres in cooperation with Akan kompetansesenter."
    ),
    # «Alor Norge» is the gathering's name, in English too.
    "Alor Norge": "Alor Norge",
    "alor-norge": "alor-norge",
    "Den nasjonale samlingen for alle alor-nettverkene.": (
        "The national gathering for all the alor networks."
    ),
    c.MEETING_RHYTHM: NETWORK_RHYTHM,
    # -- Alor Norge 2026 ---------------------------------------------------------------------
    "Alor Norge 2026": "Alor Norge 2026",
    "alor-norge-2026": "alor-norge-2026",
    "Nasjonal samling for alle alor-nettverkene, 10.–11. juni 2026 på Hummeren hotell. "
    "Stavanger er vertskap. Alor fyller 20 år. Program ut primo mars, påmeldingsfrist medio "
    "april.": (
        "National gathering for all the alor networks, 10–11 June 2026 at Hummeren hotell. "
        "Stavanger is the host. Alor turns 20. Programme out in early March, registration "
        "deadline in mid-April."
    ),
    "Dag 1": "Day 1",
    "Stavanger er vertskap": "Stavanger is the host",
    "Registrering": "Registration",
    "Velkommen til alor Norge": "Welcome to alor Norge",
    "Presentasjon av nettverkene (med presentasjonsrunde)": (
        "Presentation of the networks (with a round of introductions)"
    ),
    "Stikkord: Erfaringer fra sist alor Norge-samling. Hva har fungert godt? Hva er "
    "utfordringene? Gode grep for rekruttering og gjennomføring. Suksess og fiasko.": (
        "Key points: Experience from the last alor Norge gathering. What has worked well? "
        "What are the challenges? Good ways to recruit and run the meetings. Success and "
        "failure."
    ),
    "Hoveddrifterne": "The main hosts",
    "Hoveddrifter forbereder sammen med sin gruppe.": (
        "Each main host prepares together with their group."
    ),
    "Siden sist v/ RAG": "Since last time, by RAG",
    "RAGs arbeid siden sist: oppfølging av OS 2025, alor.no, handlingsplan, nord/øst.": (
        "RAG's work since last time: follow-up of OS 2025, alor.no, action plan, north/east."
    ),
    "Historisk tilbakeblikk": "A look back",
    "Kåseri om alor i anledning 20-årsjubileet.": (
        "An informal talk on alor for its 20th anniversary."
    ),
    "Ikke bekreftet: Hasle spør Bjørnar.": "Not confirmed: Hasle is asking Bjørnar.",
    "Lunsj": "Lunch",
    "www.alor.no v/ Einar": "www.alor.no, by Einar",
    "Nettsiden og profilen til alor.": "The website and the profile of alor.",
    "Pause": "Break",
    "Slutt for dagen": "End of the day",
    "Sosial aktivitet?": "Social activity?",
    "Stavanger som vertskap vurderer et sosialt innslag før middagen.": (
        "Stavanger, as host, is considering a social item before dinner."
    ),
    "Middag": "Dinner",
    "Dag 2": "Day 2",
    "Faglige innlegg": "Talks",
    "God morgen": "Good morning",
    "Innlegg 1": "Talk 1",
    "EUPC – evidensbasert rusforebygging i arbeidslivet.": (
        "EUPC – evidence-based substance use prevention in working life."
    ),
    "Forslag: interne krefter, jf. referat RAG 15.12.2025.": (
        "Proposal: speakers from our own ranks, see the RAG minutes of 15.12.2025."
    ),
    "Pause m/ utsjekk": "Break with check-out",
    "Innlegg 2": "Talk 2",
    "Innlegg 3": "Talk 3",
    "Innlegg fra Akan.": "Talk by Akan.",
    "Oppsummering/evaluering/veien videre": "Summing up/evaluation/the way forward",
    "Lunsj og avreise": "Lunch and departure",
    "Forslag til tema fra evalueringen 2025": "Topics proposed in the 2025 evaluation",
    "Nyeste forskning om avhengighet (biopsykososial modell, avhengighet og hjernen)": (
        "The latest research on addiction (the biopsychosocial model, addiction and the brain)"
    ),
    "Bruk av sosiale medier i promotering og kunnskapsformidling": (
        "Using social media for promotion and for sharing knowledge"
    ),
    "Ville vært interessant om KORUS øst og nord ble med – erfaringsdeling (hvorfor "
    "alor-modellen, hvorfor annen modell). Hvordan utvikle modellen slik at den treffer "
    "arbeidslivet best mulig fremover": (
        "It would be interesting if KORUS øst and nord joined – sharing experience (why the "
        "alor model, why another model). How to develop the model so that it reaches working "
        "life as well as possible from now on"
    ),
    "Open space": "Open space",
    "Eks. på metodikk; dypdykk": "Examples of methods; a deep dive",
    "alor-teater": "alor theatre",
    "Merkevare «Akan», hvordan løfte frem og ha fokus på «kvalitetssikring» inn i nettverkene": (
        "The «Akan» brand: how to bring it forward and keep a focus on «quality assurance» "
        "in the networks"
    ),
    "Hvordan kan vi bistå hverandre i enda større grad?": (
        "How can we help one another even more?"
    ),
    "Fortsette som vi står! Liker formen godt!": ("Carry on as we are! We like the format a lot!"),
    "Litt mer info om alor.no (men det må nok jeg stå for selv)": (
        "A little more information about alor.no (but I will probably have to do that myself)"
    ),
    "Temabank – idédugnad: Hva? Hvem? Hvordan?": (
        "A bank of topics – brainstorming: What? Who? How?"
    ),
    "Mer om alkohol og sykefravær": "More on alcohol and sick leave",
    "Oppfølging av «rekruttering» – hvordan øke aktualiteten knyttet til temaet, ikke minst "
    "overføringsverdi til HMS, arb.miljø og sosial bærekraft (samfunnsansvar). Dette er "
    "forøvrig virksomhetene pålagt å rapportere inn, inkl. redusere skadelig alkoholbruk, "
    "jf. FNs bærekraftsmål": (
        "Follow-up of «recruitment» – how to make the topic more relevant, not least its "
        "transfer value to HSE, the working environment and social sustainability (corporate "
        "social responsibility). Organisations are, moreover, required to report on this, "
        "including reducing harmful alcohol use, cf. the UN Sustainable Development Goals"
    ),
    "Felles utviklingsmål, tema/satsing tiden fremover basert på forskning/kunnskap": (
        "Shared development goals, topics/priorities for the time ahead based on research/knowledge"
    ),
    "Muligens noe innen pårørendeperspektivet, uten at jeg har noe konkret forslag": (
        "Possibly something on the next-of-kin perspective, though I have no concrete proposal"
    ),
    "Informasjon om spesielt vellykkede/interessante temaer fra andre nettverk": (
        "Information on especially successful/interesting topics from other networks"
    ),
    "Mer forskning/faglig påfyll om tematikken": "More research/professional input on the subject",
    "Hvordan jobbes det med spill? Jf. «Rusmiddel- og spillforebyggende arbeid – spillpolicy»": (
        "How is gambling being worked on? Cf. «Substance use and gambling prevention – "
        "gambling policy»"
    ),
    "Bedre tid til å dele erfaringer, å høre fra hverandre": (
        "More time to share experience, to hear from one another"
    ),
    "Har vi fått flere bedrifter til å bidra med innlegg siden juni 2025?": (
        "Have we got more companies to give talks since June 2025?"
    ),
    "KORUS og Akan i Innlandet og nord – hvordan jobber de med sine arrangement? Erfaringer "
    "uten behandlingsbenet?": (
        "KORUS and Akan in Innlandet and the north – how do they work on their events? "
        "Experience without the treatment side?"
    ),
    "Markedsføring (nå flere, nå utsatte bransjer, få med ledere)": (
        "Marketing (reach more people, reach exposed industries, get managers on board)"
    ),
    "Forslag til innlegg": "Proposed talks",
    "Sykefravær mm. (Randi Aas, UiS, Mikkel)": "Sick leave etc. (Randi Aas, UiS, Mikkel)",
    "Oppdatert forskning": "Up-to-date research",
    "Spill": "Gambling",
    "Pecha Kucha v/ Inger Lise": "Pecha Kucha, by Inger Lise",
    "Pårørende": "Next of kin",
    "Spill v/ Ine/Paul": "Gambling, by Ine/Paul",
    "20 år v/ Hasle": "20 years, by Hasle",
    "Alor.no (nettside/profil)": "Alor.no (website/profile)",
    # -- the 2017 article --------------------------------------------------------------------
    "Virksomme nettverk innen arbeidsliv og rus": (
        "Effective networks on working life and substance use"
    ),
    "virksomme-nettverk-innen-arbeidsliv-og-rus": (
        "effective-networks-on-working-life-and-substance-use"
    ),
    "Proba samfunnsanalyse har i samarbeid med Arbeidsforskningsinstituttet evaluert de "
    "regionale nettverkene for arbeidsliv og rus; alor-nettverkene i Norge. Nettverksmøtene "
    "arrangeres av regionale kompetansesentre for rus, i samarbeid med Akan.": (
        "Proba samfunnsanalyse, in cooperation with the Work Research Institute "
        "(Arbeidsforskningsinstituttet), has evaluated the regional networks on working life "
        "and substance use: the alor networks in Norway. The network meetings are organised "
        "by regional competence centres on substance use, in cooperation with Akan."
    ),
    "Alor-nettverk er for arbeidstakere og ledere som gjennom sin jobb er i kontakt med "
    "problemstillinger knyttet til rusbruk og arbeidsliv. Dette gjelder ledere, "
    "Akan-kontakter, HMS-personell, ansatte i personalavdelinger/HR, verneombud, "
    "tillitsvalgte, bedriftshelsetjenesten og andre.": (
        "Alor networks are for employees and managers who, through their work, come into "
        "contact with issues of substance use and working life. This includes managers, Akan "
        "contacts, HSE staff, staff in personnel departments/HR, safety representatives, union "
        "representatives, the occupational health service and others."
    ),
    "Evalueringens hovedkonklusjoner": "The evaluation's main conclusions",
    "Evalueringen fra Proba gir i hovedtrekk et svært positivt bilde av alor-nettverkene når "
    "det gjelder måten de fungerer på og hva deltakerne får igjen for å delta. Informantene "
    "forteller at det fins få møteplasser for ansatte som jobber med rusforebygging. Mange "
    "har behov for jevnlig faglig påfyll, ideer og inspirasjon for å jobbe med arbeidsliv og "
    "rus på arbeidsplassen på en god måte, og mener at alor-samlingene dekker et behov.": (
        "On the whole, Proba's evaluation gives a very positive picture of the alor networks, "
        "both of the way they work and of what participants get out of taking part. The "
        "informants say there are few meeting places for employees who work on substance use "
        "prevention. Many need regular professional input, ideas and inspiration to work well "
        "with working life and substance use at their workplace, and they find that the alor "
        "gatherings meet a need."
    ),
    "Betydningen av andres erfaringer": "The value of others' experience",
    "Det å høre om andres erfaringer og oppgaver knyttet til arbeidsliv og rus, oppgis som "
    "den viktigste grunnen til å delta på nettverkssamlinger. Evalueringen slår fast at "
    "samlingene bidrar til ny læring og til vedlikehold av kunnskap og kompetanse hos "
    "deltakerne.": (
        "Hearing about others' experience and tasks in working life and substance use is given "
        "as the most important reason for taking part in network gatherings. The evaluation "
        "concludes that the gatherings contribute to new learning and to keeping up the "
        "participants' knowledge and competence."
    ),
    "Både spørreundersøkelsen og intervjuene viser at alor-nettverket tilbyr et miljø hvor "
    "deltakerne kan diskutere og lære. Nettverket bidrar også til inspirasjon og til å holde "
    "«liv i» virksomhetenes rusforebyggende arbeid.": (
        "Both the survey and the interviews show that the alor network offers an environment "
        "where participants can discuss and learn. The network also inspires and helps «keep "
        "alive» the organisations' substance use prevention work."
    ),
    "70 prosent sier at de har utarbeidet eller revidert ruspolicy som følge av at de har "
    "deltatt på nettverkssamlinger.": (
        "70 per cent say that they have drawn up or revised a substance use policy as a result "
        "of taking part in network gatherings."
    ),
    "Over halvparten av informantene svarer at de har gjennomført andre tiltak, som "
    "diskusjoner om kjøreregler for alkohol på arbeidsplassen, kompetanseheving, kontakt med "
    "Akan kompetansesenter, eller skaffet enkeltpersoner hjelp.": (
        "More than half of the informants answer that they have carried out other measures, "
        "such as discussions of ground rules for alcohol at the workplace, raising competence, "
        "contact with Akan kompetansesenter, or getting help for individuals."
    ),
    "Ønsker å nå alle": "Wants to reach everyone",
    "Vårt mål er at alle bedrifter og virksomheter i Norge skal kjenne til de regionale "
    "nettverkene for arbeidsliv og rus, slik at de som vil kan delta.": (
        "Our aim is that every company and organisation in Norway should know about the "
        "regional networks on working life and substance use, so that those who wish to can "
        "take part."
    ),
    "Ingunn K. Svendsen, spesialrådgiver ved Kompetansesenter rus – region vest Stavanger "
    "(KORUS) ved Rogaland A-senter": (
        "Ingunn K. Svendsen, senior adviser at the Regional Centre for Substance Use – region "
        "west Stavanger (KORUS), Rogaland A-senter"
    ),
    "Kort historikk om nettverk innen arbeidsliv og rus": (
        "A short history of the networks on working life and substance use"
    ),
    "Med bakgrunn i et uttalt behov for kunnskap om tidlig intervensjon og rusforebygging "
    "ved ulike virksomheter, utviklet Kompetansesenter rus (KORUS) ved Rogaland A-senter i "
    "2006 en modell for nettverk innen arbeidsliv og rus, kalt alor-nettverk. Alor er en "
    "forkortelse for arbeidsliv og rus.": (
        "Prompted by a stated need for knowledge about early intervention and substance use "
        "prevention in various organisations, the Regional Centre for Substance Use (KORUS) at "
        "Rogaland A-senter developed in 2006 a model for networks on working life and "
        "substance use, called alor networks. Alor is short for «arbeidsliv og rus», working "
        "life and substance use."
    ),
    "I dag, 11 år etter etableringen av det første nettverket, deltar flere hundre private og "
    "offentlige bedrifter årlig ved samlinger i et av de elleve regionale alor-nettverkene i "
    "Norge, som møtes to ganger i året. Regionale nettverk gjør det enklere og mer "
    "kostnadseffektivt for deltakerne og gir god oppslutning.": (
        "Today, 11 years after the first network was set up, several hundred private and "
        "public companies take part every year in gatherings of one of the eleven regional "
        "alor networks in Norway, which meet twice a year. Regional networks make it easier "
        "and more cost-effective for the participants and draw good attendance."
    ),
    "Hvor finnes det nettverk for arbeidsliv og rus?": (
        "Where are there networks on working life and substance use?"
    ),
    "Regionale alor-nettverk tilbys i Haugesund, Stavanger, Ålesund, Kristiansund, "
    "Trondheim, Molde, Oslo, Kristiansand, Tønsberg, Bergen og Stjørdal.": (
        "Regional alor networks are offered in Haugesund, Stavanger, Ålesund, Kristiansund, "
        "Trondheim, Molde, Oslo, Kristiansand, Tønsberg, Bergen and Stjørdal."
    ),
    "Les mer på alor.no, der evalueringsrapporten også finnes.": (
        "Read more at alor.no, where the evaluation report can also be found."
    ),
    "Kontaktperson: Ingunn K. Svendsen, spesialrådgiver, Kompetansesenter rus – region vest "
    "Stavanger (KORUS) ved Rogaland A-senter.": (
        "Contact: Ingunn K. Svendsen, senior adviser, Regional Centre for Substance Use – "
        "region west Stavanger (KORUS), Rogaland A-senter."
    ),
    # -- «Hva er et alor-nettverk?» ----------------------------------------------------------
    "Hva er et alor-nettverk?": "What is an alor network?",
    "hva-er-et-alor-nettverk": "what-is-an-alor-network",
    "Eksempel: artikkel skrevet for demoen ut fra kildene. Alor står for arbeidsliv og rus. "
    "Et alor-nettverk er en regional møteplass for virksomheter som vil jobbe godt med "
    "rusforebygging og tidlig intervensjon.": (
        "Example: an article written for the demo from the sources. Alor stands for "
        "«arbeidsliv og rus», working life and substance use. An alor network is a regional "
        "meeting place for organisations that want to work well on substance use prevention "
        "and early intervention."
    ),
    "En møteplass for arbeidslivet": "A meeting place for working life",
    "Nettverkene er for ledere, Akan-kontakter, HMS-personell, HR, verneombud, tillitsvalgte "
    "og bedriftshelsetjenesten. Deltakerne møtes to ganger i året for faglig påfyll og for å "
    "dele erfaringer med hverandre.": (
        "The networks are for managers, Akan contacts, HSE staff, HR, safety representatives, "
        "union representatives and the occupational health service. The participants meet "
        "twice a year for professional input and to share experience with one another."
    ),
    "Hvem står bak?": "Who is behind them?",
    "Hvert nettverk driftes av et regionalt kompetansesenter for rus (KORUS) med en "
    "hoveddrifter, i samarbeid med Akan kompetansesenter. I samarbeid med Akan er det "
    "utarbeidet kriterier for oppstart og drift av alor-nettverk. Den nasjonale ressurs- og "
    "arbeidsgruppen (RAG) videreutvikler nettverkene, drifter alor.no og planlegger den "
    "nasjonale samlingen Alor Norge.": (
        "Each network is run by a regional competence centre on substance use (KORUS) with a "
        "main host, in cooperation with Akan kompetansesenter. Criteria for starting and "
        "running alor networks have been drawn up in cooperation with Akan. The national "
        "resource and working group (RAG) develops the networks further, runs alor.no and "
        "plans the national gathering Alor Norge."
    ),
    "Elleve nettverk": "Eleven networks",
    "Det finnes alor-nettverk i Haugesund, Stavanger, Ålesund, Kristiansund, Trondheim, "
    "Molde, Oslo, Kristiansand, Tønsberg, Bergen og Stjørdal. Modellen ble utviklet i "
    "Stavanger i 2006.": (
        "There are alor networks in Haugesund, Stavanger, Ålesund, Kristiansund, Trondheim, "
        "Molde, Oslo, Kristiansand, Tønsberg, Bergen and Stjørdal. The model was developed in "
        "Stavanger in 2006."
    ),
}

# The networks' intros, one per city, and the regions of the organisations.
for _slug, _city, _region, _centre, _host in c.NETWORKS:
    # A rich-text paragraph's string is its text inside the <p>.
    STRINGS[c.network_intro(_city, _centre).removeprefix("<p>").removesuffix("</p>")] = (
        _network_intro(_city, _centre)
    )
STRINGS.update(REGIONS)


def english_for(text: str) -> str | None:
    """The English of a bokmål string; a name (of a person, a place, an organisation) or any
    string that reads the same in both languages is itself."""
    if text in STRINGS:
        return STRINGS[text]
    return text if text in SAME_IN_ENGLISH else None


def _same_in_english():
    """Names and codes: the people's and organisations' names, the cities and their page
    slugs, titles like «alor Stavanger», and words the sources write in English already."""
    names = {name for name, _role, _org in c.PEOPLE}
    for name, short_name, _kind, _region in c.ORGANISATIONS:
        names.update({name, short_name})
    for slug, city, _region, centre, _host in c.NETWORKS:
        names.update({slug, city, f"alor {city}", centre})
    names.update({c.HOME["slug"], "RAG", "Open Space", "EUPC", "ABC.", "Camilla Bakkeng"})
    names.add(c.GATHERING["venue"])
    names.discard("")
    return names


SAME_IN_ENGLISH = _same_in_english()


class EnglishDemo:
    def __init__(self, count):
        self.count = count
        self.english = Locale.objects.get(language_code="en")

    def translate(self, instance):
        """The English translation of `instance`, made by wagtail-localize from the strings
        above; an existing translation is kept as it is."""
        source, _ = TranslationSource.get_or_create_from_instance(instance)
        existing = _existing_translation(instance, self.english)
        if existing is not None:
            self.count("oversettelse", False)
            return existing
        translation, _ = Translation.objects.get_or_create(
            source=source, target_locale=self.english
        )
        segments = StringSegment.objects.filter(source=source).select_related("string", "context")
        for segment in segments:
            english = english_for(segment.string.data)
            if english is None:
                continue  # left in bokmål; the demo's English test names it
            if segment.context.path == "slug":
                english = slugify(english)  # a topic's slug may be its name («ruspolicy»)
            StringTranslation.objects.get_or_create(
                translation_of=segment.string,
                locale=self.english,
                context=segment.context,
                defaults={"data": english},
            )
        # A page is saved as a draft, then published here: wagtail-localize publishes a page
        # on the commit of the transaction (save_target(publish=True)), which the demo's own
        # transaction would hold back until the end, and a test's never reaches. A snippet
        # (no drafts) is simply saved.
        is_page = isinstance(instance, Page)
        translation.save_target(publish=not is_page)
        target = source.get_translated_instance(self.english)
        if is_page:
            # Its topics are the English ones (kb.signal_handlers.translate_topics): the
            # topics are translated first.
            target.specific.get_latest_revision().publish()
        self.count("oversettelse", True)
        return target


def _existing_translation(instance, locale):
    translation = instance.get_translation_or_none(locale)
    if isinstance(translation, Page) and translation.alias_of_id is not None:
        return None  # a stand-in wagtail-localize made; the translation converts it
    return translation


def load_english(loader):
    """Translate the demo content the loader made (its pages by key) into English."""
    with transaction.atomic():
        demo = EnglishDemo(loader._count)
        for model in (Organisation, Person, Topic):
            for instance in model.objects.filter(locale=loader.locale).order_by("pk"):
                demo.translate(instance)
        for key in ("home", "knowledge", "networks", "national"):
            demo.translate(loader.pages[key])
        for network in loader.networks.values():
            demo.translate(network)
        demo.translate(loader.pages["gathering"])
        knowledge = loader.pages["knowledge"]
        for slug in ARTICLES:
            demo.translate(ArticlePage.objects.child_of(knowledge).get(slug=slug))
