"""The demo content of the site, transcribed from the networks' own documents.

Sources: the minutes of RAG's meeting of 15 December 2025 (with the meeting dates of 2026 and
the agenda of 27 January), the draft programme of Alor Norge 2026 with the topic proposals from
the 2025 evaluation (repaired after OCR), RAG's mandate, and the 2017 article on the evaluation
of the alor networks. Phone numbers and e-mail addresses in the sources are left out on purpose.

Everything here is plain data; `kb.demo.loader` turns it into pages, snippets and documents.
"""

import datetime as dt

from kb.enums import ActionStatus

D = dt.date
T = dt.time

# ---------------------------------------------------------------------------------------------
# Snippets
# ---------------------------------------------------------------------------------------------

# (name, short_name, kind, region)
ORGANISATIONS = [
    ("KORUS sør", "", "korus", "sør"),
    ("KORUS Stavanger", "", "korus", "vest"),
    ("KORUS Bergen", "", "korus", "vest"),
    ("KORUS midt", "", "korus", "midt"),
    ("KORUS øst", "", "korus", "øst"),
    ("KORUS nord", "", "korus", "nord"),
    ("KORUS Oslo", "", "korus", "øst"),
    ("Akan kompetansesenter", "Akan", "national", ""),
    ("Digital sør", "", "digital", "sør"),
    ("Helsedirektoratet", "Hdir", "public", ""),
    ("Proba samfunnsanalyse", "Proba", "other", ""),
    ("Arbeidsforskningsinstituttet", "AFI", "other", ""),
]

# (slug, name, description)
TOPICS = [
    ("sykefravaer", "sykefravær", "Alkohol, rus og fravær fra arbeidet."),
    ("alkohol", "alkohol", "Alkoholbruk i arbeidslivet og kjøreregler for alkohol på jobb."),
    ("spill", "spill", "Pengespill og spillforebyggende arbeid i virksomhetene."),
    ("parorende", "pårørende", "Pårørendeperspektivet i arbeidslivet."),
    ("rusforebygging", "rusforebygging", "Rusforebyggende arbeid på arbeidsplassen."),
    ("ruspolicy", "ruspolicy", "Virksomhetenes ruspolicy og spillpolicy."),
    (
        "tidlig-intervensjon",
        "tidlig intervensjon",
        "Å se, handle og hjelpe tidlig når noen har et problem.",
    ),
    ("forskning", "forskning", "Ny forskning og kunnskapsgrunnlag om arbeidsliv og rus."),
    (
        "hms-og-arbeidsmiljo",
        "HMS og arbeidsmiljø",
        "Rus som en del av HMS-arbeidet og arbeidsmiljøet.",
    ),
    (
        "sosial-baerekraft",
        "sosial bærekraft",
        "Samfunnsansvar, FNs bærekraftsmål og skadelig alkoholbruk.",
    ),
    ("nettverk", "nettverk", "Alor-nettverkene: erfaringsdeling og samlinger."),
]

# (name, role, organisation name or None)
PEOPLE = [
    ("Hasle", "Medlem av RAG", None),
    ("Einar", "Digitalt ansvarlig", "Digital sør"),
    ("Inger Lise", "Medlem av RAG", None),
    ("Silje", "Medlem av RAG", "KORUS Stavanger"),
    ("Nina Ste", "Medlem av RAG, referent", None),
    ("Nina Marta", "Medlem av RAG", None),
    ("Bjørnar", "Foreslått innleder, Oslo", None),
    ("Leif Eggen", "Foreslått innleder (ABC)", None),
    ("Tommy", "Foreslått innleder", None),
    ("Randi Aas", "Foreslått innleder, UiS", None),
    ("Mikkel", "Foreslått innleder (sykefravær)", None),
    ("Camilla Bakkeng", "Foreslått innleder", None),
    ("Ine", "Foreslått innleder (spill)", None),
    ("Paul", "Foreslått innleder (spill)", None),
    ("Marit Vasshus", "Artikkelforfatter", "KORUS Stavanger"),
    ("Ingunn K. Svendsen", "Spesialrådgiver", "KORUS Stavanger"),
]

# ---------------------------------------------------------------------------------------------
# Sections of the site
# ---------------------------------------------------------------------------------------------

HOME = {
    "slug": "alor",
    "title": "alor – arbeidsliv og rus",
    "intro": (
        "<p>Kunnskapsbasen til de regionale nettverkene for arbeidsliv og rus: artikler, "
        "program og presentasjoner fra samlingene, og RAGs styringsdokumenter.</p>"
    ),
}

SECTIONS = {
    "knowledge": {
        "slug": "kunnskap",
        "title": "Kunnskap",
        "intro": "<p>Artikler om arbeidsliv og rus, ordnet etter tema.</p>",
    },
    "networks": {
        "slug": "nettverk",
        "title": "Nettverk",
        "intro": (
            "<p>Elleve regionale alor-nettverk møtes to ganger i året. Nettverkene driftes av "
            "KORUS-ene i samarbeid med Akan kompetansesenter.</p>"
        ),
    },
    "national": {
        "slug": "alor-norge",
        "title": "Alor Norge",
        "intro": "<p>Den nasjonale samlingen for alle alor-nettverkene.</p>",
    },
    "governance": {
        "slug": "rag",
        "title": "RAG",
        "intro": (
            "<p>Ressurs- og arbeidsgruppen for Alor Norge: mandat, avtaler, møter og "
            "aktivitetsplan.</p>"
        ),
    },
}

MEETINGS_INDEX = {
    "slug": "moter",
    "title": "Møter",
    "intro": "<p>RAGs møter: møteplan, dagsorden og referater.</p>",
}

# ---------------------------------------------------------------------------------------------
# The 11 regional networks (2017 article: «Haugesund, Stavanger, Ålesund, Kristiansund,
# Trondheim, Molde, Oslo, Kristiansand, Tønsberg, Bergen og Stjørdal»)
# ---------------------------------------------------------------------------------------------

MEETING_RHYTHM = "to samlinger i året"

# (slug, city, region, host centre, main host or None)
NETWORKS = [
    ("haugesund", "Haugesund", "vest", "KORUS Stavanger", None),
    ("stavanger", "Stavanger", "vest", "KORUS Stavanger", "Silje"),
    ("alesund", "Ålesund", "midt", "KORUS midt", None),
    ("kristiansund", "Kristiansund", "midt", "KORUS midt", None),
    ("trondheim", "Trondheim", "midt", "KORUS midt", None),
    ("molde", "Molde", "midt", "KORUS midt", None),
    ("oslo", "Oslo", "ost", "KORUS Oslo", None),
    ("kristiansand", "Kristiansand", "sor", "KORUS sør", None),
    ("tonsberg", "Tønsberg", "sor", "KORUS sør", None),
    ("bergen", "Bergen", "vest", "KORUS Bergen", None),
    ("stjordal", "Stjørdal", "midt", "KORUS midt", None),
]


def network_intro(city, centre):
    return (
        f"<p>Alor-nettverket i {city} er en møteplass for ledere, HMS-personell, HR, "
        f"verneombud, tillitsvalgte, bedriftshelsetjenesten og andre som jobber med arbeidsliv "
        f"og rus. Nettverket driftes av {centre} i samarbeid med Akan kompetansesenter og møtes "
        f"{MEETING_RHYTHM}.</p>"
    )


# ---------------------------------------------------------------------------------------------
# Articles under «Kunnskap»
# ---------------------------------------------------------------------------------------------


def _h(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def _p(html):
    return {"type": "paragraph", "value": html}


def _q(text, source=""):
    return {"type": "quote", "value": {"text": text, "source": source}}


ARTICLES = [
    {
        "slug": "virksomme-nettverk-innen-arbeidsliv-og-rus",
        "title": "Virksomme nettverk innen arbeidsliv og rus",
        "date": D(2017, 11, 9),
        "author": "Marit Vasshus",
        "organisation": "KORUS Stavanger",
        "topics": ["nettverk", "forskning", "ruspolicy", "rusforebygging", "tidlig-intervensjon"],
        "intro": (
            "Proba samfunnsanalyse har i samarbeid med Arbeidsforskningsinstituttet evaluert de "
            "regionale nettverkene for arbeidsliv og rus; alor-nettverkene i Norge. "
            "Nettverksmøtene arrangeres av regionale kompetansesentre for rus, i samarbeid med "
            "Akan."
        ),
        "body": [
            _p(
                "<p>Alor-nettverk er for arbeidstakere og ledere som gjennom sin jobb er i kontakt "
                "med problemstillinger knyttet til rusbruk og arbeidsliv. Dette gjelder ledere, "
                "Akan-kontakter, HMS-personell, ansatte i personalavdelinger/HR, verneombud, "
                "tillitsvalgte, bedriftshelsetjenesten og andre.</p>"
            ),
            _h("Evalueringens hovedkonklusjoner"),
            _p(
                "<p>Evalueringen fra Proba gir i hovedtrekk et svært positivt bilde av "
                "alor-nettverkene når det gjelder måten de fungerer på og hva deltakerne får igjen "
                "for å delta. Informantene forteller at det fins få møteplasser for ansatte som "
                "jobber med rusforebygging. Mange har behov for jevnlig faglig påfyll, ideer og "
                "inspirasjon for å jobbe med arbeidsliv og rus på arbeidsplassen på en god måte, "
                "og mener at alor-samlingene dekker et behov.</p>"
            ),
            _h("Betydningen av andres erfaringer"),
            _p(
                "<p>Det å høre om andres erfaringer og oppgaver knyttet til arbeidsliv og rus, "
                "oppgis som den viktigste grunnen til å delta på nettverkssamlinger. Evalueringen "
                "slår fast at samlingene bidrar til ny læring og til vedlikehold av kunnskap og "
                "kompetanse hos deltakerne.</p>"
                "<p>Både spørreundersøkelsen og intervjuene viser at alor-nettverket tilbyr et "
                "miljø hvor deltakerne kan diskutere og lære. Nettverket bidrar også til "
                "inspirasjon og til å holde «liv i» virksomhetenes rusforebyggende arbeid.</p>"
                "<ul><li>70 prosent sier at de har utarbeidet eller revidert ruspolicy som følge "
                "av at de har deltatt på nettverkssamlinger.</li>"
                "<li>Over halvparten av informantene svarer at de har gjennomført andre tiltak, "
                "som diskusjoner om kjøreregler for alkohol på arbeidsplassen, "
                "kompetanseheving, kontakt med Akan kompetansesenter, eller skaffet enkeltpersoner "
                "hjelp.</li></ul>"
            ),
            _h("Ønsker å nå alle"),
            _q(
                "Vårt mål er at alle bedrifter og virksomheter i Norge skal kjenne til de "
                "regionale nettverkene for arbeidsliv og rus, slik at de som vil kan delta.",
                "Ingunn K. Svendsen, spesialrådgiver ved Kompetansesenter rus – region vest "
                "Stavanger (KORUS) ved Rogaland A-senter",
            ),
            _h("Kort historikk om nettverk innen arbeidsliv og rus"),
            _p(
                "<p>Med bakgrunn i et uttalt behov for kunnskap om tidlig intervensjon og "
                "rusforebygging ved ulike virksomheter, utviklet Kompetansesenter rus (KORUS) ved "
                "Rogaland A-senter i 2006 en modell for nettverk innen arbeidsliv og rus, kalt "
                "alor-nettverk. Alor er en forkortelse for arbeidsliv og rus.</p>"
                "<p>I dag, 11 år etter etableringen av det første nettverket, deltar flere hundre "
                "private og offentlige bedrifter årlig ved samlinger i et av de elleve regionale "
                "alor-nettverkene i Norge, som møtes to ganger i året. Regionale nettverk gjør det "
                "enklere og mer kostnadseffektivt for deltakerne og gir god oppslutning.</p>"
            ),
            _h("Hvor finnes det nettverk for arbeidsliv og rus?"),
            _p(
                "<p>Regionale alor-nettverk tilbys i Haugesund, Stavanger, Ålesund, "
                "Kristiansund, Trondheim, Molde, Oslo, Kristiansand, Tønsberg, Bergen og "
                "Stjørdal.</p>"
                "<p>Les mer på alor.no, der evalueringsrapporten også finnes.</p>"
                "<p>Kontaktperson: Ingunn K. Svendsen, spesialrådgiver, Kompetansesenter rus – "
                "region vest Stavanger (KORUS) ved Rogaland A-senter.</p>"
            ),
        ],
    },
    {
        "slug": "hva-er-et-alor-nettverk",
        "title": "Hva er et alor-nettverk?",
        "date": D(2025, 12, 15),
        "author": None,
        "organisation": "Akan kompetansesenter",
        "topics": ["nettverk", "rusforebygging", "tidlig-intervensjon"],
        "intro": (
            "Eksempel: artikkel skrevet for demoen ut fra kildene. Alor står for arbeidsliv og "
            "rus. Et alor-nettverk er en regional møteplass for "
            "virksomheter som vil jobbe godt med rusforebygging og tidlig intervensjon."
        ),
        "body": [
            _h("En møteplass for arbeidslivet"),
            _p(
                "<p>Nettverkene er for ledere, Akan-kontakter, HMS-personell, HR, verneombud, "
                "tillitsvalgte og bedriftshelsetjenesten. Deltakerne møtes to ganger i året for "
                "faglig påfyll og for å dele erfaringer med hverandre.</p>"
            ),
            _h("Hvem står bak?"),
            _p(
                "<p>Hvert nettverk driftes av et regionalt kompetansesenter for rus (KORUS) med en "
                "hoveddrifter, i samarbeid med Akan kompetansesenter. I samarbeid med Akan er det "
                "utarbeidet kriterier for oppstart og drift av alor-nettverk. Den nasjonale "
                "ressurs- og arbeidsgruppen (RAG) videreutvikler nettverkene, drifter alor.no og "
                "planlegger den nasjonale samlingen Alor Norge.</p>"
            ),
            _h("Elleve nettverk"),
            _p(
                "<p>Det finnes alor-nettverk i Haugesund, Stavanger, Ålesund, Kristiansund, "
                "Trondheim, Molde, Oslo, Kristiansand, Tønsberg, Bergen og Stjørdal. Modellen ble "
                "utviklet i Stavanger i 2006.</p>"
            ),
        ],
    },
    {
        "slug": "tilskuddsbrevet-2025-rusmiddelbruk-i-arbeidslivet",
        "title": "Tilskuddsbrevet 2025: rusmiddelbruk i arbeidslivet",
        "date": D(2025, 12, 15),
        "author": None,
        "organisation": "Helsedirektoratet",
        "topics": ["alkohol", "rusforebygging", "tidlig-intervensjon"],
        "intro": (
            "Eksempel: artikkel skrevet for demoen ut fra mandatet. "
            "Arbeidet med alor-nettverk er fra 2014 til 2024 navngitt og forankret i det årlige "
            "tilskuddsbrevet fra Helsedirektoratet til KORUS-ene. Slik lyder punktet om "
            "arbeidslivet i utkastet for 2025."
        ),
        "body": [
            _h("2.4. Rusmiddelbruk i arbeidslivet"),
            _q(
                "Alkohol påfører arbeidslivet store kostnader, både økonomisk og menneskelig. "
                "Arbeidslivet er en viktig forebyggingsarena og har potensiale for mer innsats. "
                "KORUS skal formidle kunnskap og kompetanse om forebygging og tidlig intervensjon "
                "innen arbeidsliv og rusmiddelbruk, i tråd med Nasjonal alkoholstrategi "
                "(2021-2030). Dette kan innebære drift av nettverk i samarbeid med Arbeidslivets "
                "kompetansesenter for rus- og avhengighetsspørsmål (Akan) og andre relevante "
                "fagmiljøer og arbeidslivsaktører.",
                "Utkast til tilskuddsbrev 2025, Helsedirektoratet",
            ),
            _h("Hva betyr det for nettverkene?"),
            _p(
                "<p>Tilskuddsbrevet gir KORUS-ene oppdraget, og alor-nettverkene er en av måtene "
                "oppdraget løses på. RAG skal sikre at arbeidet gjøres i henhold til "
                "tilskuddsbrevet, og KORUS som ikke drifter alor-nettverk inviteres inn i "
                "RAG.</p>"
            ),
        ],
    },
]

# ---------------------------------------------------------------------------------------------
# RAG: the mandate
# ---------------------------------------------------------------------------------------------

GRANT_LETTER_QUOTE = (
    "Alkohol påfører arbeidslivet store kostnader, både økonomisk og menneskelig. Arbeidslivet "
    "er en viktig forebyggingsarena og har potensiale for mer innsats. KORUS skal formidle "
    "kunnskap og kompetanse om forebygging og tidlig intervensjon innen arbeidsliv og "
    "rusmiddelbruk, i tråd med Nasjonal alkoholstrategi (2021-2030). Dette kan innebære drift av "
    "nettverk i samarbeid med Arbeidslivets kompetansesenter for rus- og avhengighetsspørsmål "
    "(Akan) og andre relevante fagmiljøer og arbeidslivsaktører."
)

MANDATE = {
    "slug": "mandat-rag",
    "title": "Mandat og rollebeskrivelse – Ressurs- og arbeidsgruppe (RAG) for Alor Norge",
    "summary": (
        "Mandat og rollebeskrivelse for den nasjonale arbeidsgruppen RAG. Mandatet er oppdatert "
        "og oversendt leder i sør, som tar det opp i ledergruppa K7 (referat fra RAG 15.12.2025, "
        "sak 2). Eksempel: godkjenningsflyten her, med Akans steg godkjent og ledergruppens steg "
        "ventende, er vist for demoen."
    ),
    "status": "approval",
    "version_label": "Oppdatert desember 2025",
    "approved_by_body": "Ledergruppen K7",
    "approval_line": "Dato mandatet er vedtatt i ledermøtet den ……",
    "parties": [
        "KORUS sør",
        "KORUS Stavanger",
        "KORUS Bergen",
        "KORUS midt",
        "KORUS øst",
        "KORUS nord",
        "KORUS Oslo",
    ],
    "sections": [
        (
            "Bakgrunn",
            "<p>Arbeidet med Alor-nettverk i Norge er fra 2014–2024 navngitt og forankret i "
            "årlig tilskuddsbrev fra Helsedirektoratet til KORUS-ene. I utkast til tilskuddsbrev "
            "for 2025 står følgende:</p>"
            "<h4>2.4. Rusmiddelbruk i arbeidslivet</h4>"
            f"<p><i>«{GRANT_LETTER_QUOTE}»</i></p>"
            "<p>I samarbeid med Akan kompetansesenter er det utarbeidet kriterier for oppstart "
            "og drift av Alor-nettverk. KORUS som ikke drifter Alor-nettverk inviteres inn i "
            "RAG.</p>",
        ),
        (
            "Målsetting",
            "<p>RAG har til hensikt å løse definerte arbeidsoppgaver:</p><ul>"
            "<li>kunnskaps- og kompetanseutvikling innen fagområdet arbeidsliv og rus</li>"
            "<li>styrke arbeidet med rusforebygging og tidlig intervensjon i norsk "
            "arbeidsliv</li>"
            "<li>utvikle og dele kompetanse</li>"
            "<li>bidra til økt samhandling og erfaringsutveksling mellom nasjonale og regionale "
            "aktører.</li></ul>",
        ),
        (
            "Organisering",
            "<p>Hvert enkelt KORUS kan ha en representant i arbeidsgruppen. Dette skal være "
            "hoveddrifter for det regionale nettverket. Akan kompetansesenter deltar med en "
            "representant. Kommunikasjons- og markedsføringsrådgiver (digitalt ansvarlig) møter "
            "når det er nødvendig, jf. drift av nettside. Ved behov skal man stille med "
            "vararepresentant. Det avtales en årlig møteplan.</p>"
            "<p>Ansvaret for koordineringen går på omgang. KORUS sør og KORUS midt har ansvar "
            "for koordinering i 2025. Ansvaret rulleres hvert annet år.</p>"
            "<p>Koordineringen innebærer et ansvar for å:</p><ul>"
            "<li>følge opp handlingsplan og planlegging av Alor Norge (i samarbeid med "
            "vertskapet)</li>"
            "<li>kalle inn til møter</li>"
            "<li>lage en agenda</li>"
            "<li>invitere inn eksterne (kan delegeres)</li>"
            "<li>lede møte, samt avklare referent</li>"
            "<li>administrative oppgaver knyttet til alor.no</li></ul>",
        ),
        (
            "Økonomi og eksternt samarbeid",
            "<p>KORUS Stavanger eier domenet alor.no, administrerer avtaler med digitalt "
            "ansvarlig (økonomi og avtale) og formelt samarbeid med Akan kompetansesenter på "
            "vegne av alle KORUS-ene. Representant for Alor Rogaland følger opp med leder KORUS "
            "Stavanger, i samarbeid med koordinator av RAG.</p>",
        ),
        (
            "Resultatmål for arbeidet",
            "<ol><li>Arbeidsgruppen etablerer et samarbeid, og sikrer at erfaringer deles.</li>"
            "<li>Arbeidsgruppen skal sikre at de faglige arbeidsoppgavene løses.</li>"
            "<li>Arbeidsgruppen sikrer at arbeidet gjøres i henhold til tilskuddsbrevet.</li>"
            "<li>Det utarbeides en aktivitetsplan som oppdateres hvert år.</li></ol>",
        ),
        (
            "RAGs arbeidsoppgaver",
            "<ul><li>Videreutvikle nettverkene</li>"
            "<li>Opprettholde og drifte nettsiden alor.no</li>"
            "<li>Planlegge og gjennomføre Alor Norge-samling</li>"
            "<li>Følge opp saker fra den nasjonale Alor-samlingen og videreutvikle og "
            "kvalitetssikre arbeidet med Alor-nettverk, og andre aktuelle nettverk</li>"
            "<li>Ved behov: utvikle og oppdatere nødvendig materiell</li>"
            "<li>Utvikle og oppdatere kunnskapsgrunnlag</li></ul>",
        ),
        (
            "Evaluering",
            "<p>Det gjennomføres en årlig internevaluering for å vurdere måloppnåelse og det "
            "praktiske knyttet til driften (møtehyppighet, møtevarighet, møteledelse, innhold og "
            "kvalitet) av den nasjonale gruppen.</p>",
        ),
        (
            "Handlingsplan/aktivitetsplan",
            "<p>Se punktet om RAGs arbeidsoppgaver. Det utarbeides en aktivitetsplan i starten "
            "av hvert år, og den oppdateres ved behov.</p>"
            "<p>De nasjonale arbeidsgruppene møtes fysisk 1 til 2 ganger pr. år. Utover dette er "
            "foretrukket arbeidsform Teams. Behov for Teams-møter avklares fortløpende.</p>",
        ),
    ],
}

# ---------------------------------------------------------------------------------------------
# RAG: the agreements
# ---------------------------------------------------------------------------------------------

# The sources give no text of either agreement: only what the minutes of 15 December 2025 say
# about them (items 3 and 4). The pages hold those sentences and nothing more.
DOMAIN_CLAUSE = (
    "Det settes som kriterium i avtalen mellom Digital sør og KORUS Stavanger at domenet skal "
    "tilbakeføres KORUS dersom avtalen med Digital sør oppheves."
)

AGREEMENTS = [
    {
        "slug": "samarbeidsavtale-korus-akan",
        "title": "Samarbeidsavtale mellom KORUS og Akan kompetansesenter",
        "summary": (
            "Silje har laget utkast og oversendt Akan, som har kommet med innspill. Stavanger "
            "v/ Silje følger opp og oppdaterer RAG (referat fra RAG 15.12.2025, sak 3). "
            "Eksempel: at avtalen står til innspill i godkjenningsflyten her, og Akans "
            "kommentar, er vist for demoen. Selve avtaleteksten finnes ikke i kildene."
        ),
        "status": "draft",
        "version_label": "Utkast",
        "parties": ["KORUS Stavanger", "Akan kompetansesenter"],
        "sections": [
            (
                "Fra referatet 15.12.2025, sak 3",
                "<p>Silje har laget utkast, og oversendt Akan som har kommet med innspill. "
                "Stavanger v/ Silje følger opp.</p>"
                "<p>Silje følger opp og oppdaterer RAG.</p>",
            ),
        ],
    },
    {
        "slug": "avtale-drift-nettside-og-domene",
        "title": "Avtale om drift av nettsiden og domenet alor.no",
        "summary": (
            "Einar lager utkast til avtale med KORUS Stavanger om drift av nettside, "
            "kostnader/konsumprisjustering og domene (referat fra RAG 15.12.2025, sak 4). "
            "Avtalen er ikke inngått; siden gjengir det referatet sier om den."
        ),
        "status": "draft",
        "version_label": "Utkast",
        "parties": ["Digital sør", "KORUS Stavanger"],
        "sections": [
            (
                "Fra referatet 15.12.2025, sak 4",
                "<p>I påvente av omorganiseringer av KORUS-ene vurderes det at det er mest "
                "hensiktsmessig at Digital sør v/ Einar, som digitalt ansvarlig, står som eier av "
                f"domenet. {DOMAIN_CLAUSE}</p>"
                "<p>Einar lager utkast til avtale med KORUS Stavanger om drift av nettside, "
                "kostnader/konsumprisjustering og domene.</p>"
                "<p>Einar følger opp, sender utkast til Stavanger og kontakter Helse Øst IKT.</p>",
            ),
        ],
    },
    {
        # Not from the sources: shows what a signed agreement looks like (versions, the
        # leaders' decision, the signed copy). kb.demo.governance_states signs it.
        "slug": "eksempel-signert-avtale",
        "title": "Eksempel: Signert avtale",
        "summary": (
            "Eksempel: dette er ikke en ekte avtale. Siden viser hvordan en avtale ser ut når "
            "den er godkjent og signert: versjon 1, godkjenningen og den signerte kopien. "
            "Tekst, godkjenning og datoer er laget for demoen."
        ),
        "status": "draft",
        "version_label": "",
        "parties": [],
        "sections": [
            (
                "Om eksempelet",
                "<p>Eksempel: en avtale går gjennom innspill fra partnerne og godkjenning i "
                "ledergruppen. Når den er godkjent, får den et versjonsnummer, og den signerte "
                "kopien legges i RAGs lukkede dokumentsamling.</p>",
            ),
        ],
    },
]

# ---------------------------------------------------------------------------------------------
# RAG: the minutes of 15 December 2025, and the meetings of 2026
# ---------------------------------------------------------------------------------------------


def _action(what, responsible, due=None, status=ActionStatus.OPEN):
    return {
        "what": what,
        "responsible": responsible,
        "due_date": due.isoformat() if due else None,
        "status": status,
    }


MINUTES_2025_12_15 = {
    "slug": "2025-12-15",
    "title": "Referat fra møte i RAG 15. desember 2025",
    "meeting_date": D(2025, 12, 15),
    "start_time": T(14, 30),
    "end_time": T(15, 30),
    "place": "",
    "is_online": True,
    "present": "Hasle, Einar, Inger Lise, Silje, Nina Ste (ref.)",
    "absent": "Nina Marta",
    "minute_taker": "Nina Ste",
    "items": [
        {
            "number": "1",
            "title": "Tema for møtet",
            "discussion": (
                "<p>Følge opp samarbeidsavtale, mandat, alor Norge, agenda fysisk møte "
                "27. januar.</p>"
            ),
            "decision": "Godkjent.",
            "actions": [],
        },
        {
            "number": "2",
            "title": "Mandat RAG (for KORUS-ene)",
            "discussion": (
                "<p>Mandatet er oppdatert og oversendt leder i sør, som tar det opp i "
                "ledergruppa K7.</p>"
            ),
            # The minutes give no follow-up for this item.
            "decision": "",
            "actions": [],
        },
        {
            "number": "3",
            "title": "Samarbeidsavtale KORUS/Akan",
            "discussion": (
                "<p>Silje har laget utkast og oversendt Akan, som har kommet med innspill. "
                "Stavanger v/ Silje følger opp.</p>"
            ),
            "decision": "Silje følger opp og oppdaterer RAG.",
            "actions": [_action("Følge opp og oppdatere RAG", "Silje")],
        },
        {
            "number": "4",
            "title": "Domene alor.no",
            "discussion": (
                "<p>I påvente av omorganiseringer av KORUS-ene vurderes det at det er mest "
                "hensiktsmessig at Digital sør v/ Einar, som digitalt ansvarlig, står som eier av "
                "domenet. Det settes som kriterium i avtalen mellom Digital sør og KORUS Stavanger "
                "at domenet skal tilbakeføres KORUS dersom avtalen med Digital sør oppheves.</p>"
                "<p>Einar lager utkast til avtale med KORUS Stavanger om drift av nettside, "
                "kostnader/konsumprisjustering og domene. Einar sender henvendelse til Helse Øst "
                "IKT om overføring av domenet.</p>"
            ),
            "decision": "Einar følger opp, sender utkast til Stavanger og kontakter Helse Øst IKT.",
            "actions": [
                _action("Sende utkast til avtale til Stavanger", "Einar"),
                _action("Kontakte Helse Øst IKT om overføring av domenet", "Einar"),
            ],
        },
        {
            "number": "5",
            "title": "Alor Norge 2026",
            "discussion": (
                "<ul><li>Se oppdatert program for Alor Norge 2026.</li>"
                "<li>Hasle spør om Bjørnar, Oslo, kan ha et kåseri om alor i anledning "
                "20-årsjubileet.</li>"
                "<li>Nina sjekker om sør kan ta påmelding mm. (OK, bekreftet 18.12.)</li>"
                "<li>Middag kl. 20.00. Stavanger som vertskap vurderer sosialt innslag før "
                "middag.</li>"
                "<li>Sjekke ut: Hvem har ansvar for fagområdet arbeidsliv og rus i Hdir?</li>"
                "<li>Faglige innlegg dag 2: Vi bruker interne krefter, f.eks. EUPC v/ Inger Lise, "
                "Silje, ABC v/ Leif Eggen, Akan, Tommy.</li>"
                "<li>Program ut primo mars. Påmeldingsfrist medio april.</li></ul>"
            ),
            "decision": "RAG følger opp via e-post og på møtet 9. mars.",
            "actions": [
                _action(
                    "Spørre Bjørnar (Oslo) om et kåseri om alor i anledning 20-årsjubileet",
                    "Hasle",
                    D(2026, 3, 9),
                ),
                _action(
                    "Sjekke om sør kan ta påmelding mm.",
                    "Nina",
                    D(2025, 12, 18),
                    ActionStatus.DONE,
                ),
                _action(
                    "Vurdere sosialt innslag før middagen kl. 20.00",
                    "KORUS Stavanger (vertskap)",
                    D(2026, 3, 9),
                ),
                _action(
                    "Finne ut hvem som har ansvar for fagområdet arbeidsliv og rus i "
                    "Helsedirektoratet",
                    "RAG",
                    D(2026, 3, 9),
                ),
                _action(
                    "Avklare faglige innlegg dag 2 med interne krefter (EUPC v/ Inger Lise, "
                    "Silje, ABC v/ Leif Eggen, Akan, Tommy)",
                    "RAG",
                    D(2026, 3, 9),
                ),
                _action("Sende ut programmet (primo mars)", "RAG", D(2026, 3, 9)),
            ],
        },
        {
            "number": "6",
            "title": "Følges opp 2026",
            "discussion": (
                "<ul><li>Markedsføring</li>"
                "<li>Oppdatere layout på invitasjoner mm.</li>"
                "<li>Gjennomgang av teksten om alor/arbeidsliv og rus på korus.no</li>"
                "<li>Kunnskapsgrunnlag alor</li>"
                "<li>Program fra avholdte samlinger legges på Google Docs (se tidligere lenke fra "
                "Einar)</li>"
                "<li>Felles registrering/rapportering. Hvor står vi?</li>"
                "<li>Egen Teams-kanal – Nina inviterer</li></ul>"
            ),
            "decision": "Følges opp i 2026.",
            "actions": [
                _action("Markedsføring av nettverkene", "RAG", D(2026, 12, 31)),
                _action("Oppdatere layout på invitasjoner mm.", "RAG", D(2026, 12, 31)),
                _action(
                    "Gå gjennom teksten om alor/arbeidsliv og rus på korus.no",
                    "RAG",
                    D(2026, 12, 31),
                ),
                _action("Utvikle kunnskapsgrunnlag for alor", "RAG", D(2026, 12, 31)),
                _action(
                    "Legge program fra avholdte samlinger på Google Docs",
                    "RAG",
                    D(2026, 12, 31),
                ),
                _action(
                    "Avklare felles registrering/rapportering",
                    "RAG",
                    D(2026, 12, 31),
                ),
                _action("Invitere til egen Teams-kanal", "Nina", D(2026, 12, 31)),
            ],
        },
        {
            "number": "7",
            "title": "Møtedatoer 2025/2026",
            "discussion": (
                "<ul><li>27. januar 09.15–15.00 (fysisk, Akans lokaler)</li>"
                "<li>9. mars 12.00–13.00</li>"
                "<li>20. mai 09.00–10.00</li>"
                "<li>9. juni (før alor Norge, kl. 17.00)</li>"
                "<li>Alor Norge 10.–11. juni, Hummeren hotell</li></ul>"
            ),
            "decision": "",
            "actions": [],
        },
        {
            "number": "8",
            "title": "Tema 27. januar, Akans lokaler, Dronningens gate",
            "discussion": (
                "<p>Øst og nord er invitert, jf. møtet 17.09. Se referatet derfra. Dagsorden: "
                "velkommen og bakgrunn for invitasjonen (mandat, K7), kort om alors historie og "
                "RAGs arbeid, erfaringer fra øst og nord, EUPC – hvordan jobbe evidensbasert med "
                "rusforebygging i arbeidslivet, og drøfting av utviklingsområder og samarbeid "
                "2026.</p>"
            ),
            "decision": "",
            "actions": [],
        },
    ],
}


def _point(start, end, title, responsible=""):
    return {
        "type": "point",
        "value": {
            "start": start.isoformat() if start else None,
            "end": end.isoformat() if end else None,
            "title": title,
            "responsible": responsible,
        },
    }


MEETINGS_2026 = [
    {
        "slug": "2026-01-27",
        "title": "Møte i RAG 27. januar 2026",
        "meeting_date": D(2026, 1, 27),
        "start_time": T(9, 15),
        "end_time": T(15, 0),
        "place": "Akans lokaler, Dronningens gate",
        "is_online": False,
        "agenda": [
            _point(T(9, 30), T(11, 30), "Velkommen. Bakgrunn for invitasjonen: mandat, K7"),
            _point(T(9, 30), T(11, 30), "Kort om alors historie og RAGs arbeid", "Nina og RAG"),
            _point(T(9, 30), T(11, 30), "Erfaringer fra øst og nord"),
            _point(T(11, 30), T(12, 30), "Lunsj"),
            _point(
                T(12, 30),
                T(15, 0),
                "EUPC – hvordan jobbe evidensbasert med rusforebygging i arbeidslivet? Innledning",
                "Inger Lise",
            ),
            _point(
                T(12, 30),
                T(15, 0),
                "Drøfting: utviklingsområder og samarbeid 2026 (tilskuddsbrev, samarbeid "
                "Akan–KORUS, alor-nettverkene)",
            ),
        ],
    },
    {
        "slug": "2026-03-09",
        "title": "Møte i RAG 9. mars 2026",
        "meeting_date": D(2026, 3, 9),
        "start_time": T(12, 0),
        "end_time": T(13, 0),
        "place": "",
        "is_online": False,  # the minutes do not say where
        "agenda": [],
    },
    {
        "slug": "2026-05-20",
        "title": "Møte i RAG 20. mai 2026",
        "meeting_date": D(2026, 5, 20),
        "start_time": T(9, 0),
        "end_time": T(10, 0),
        "place": "",
        "is_online": False,  # the minutes do not say where
        "agenda": [],
    },
    {
        "slug": "2026-06-09",
        "title": "Møte i RAG 9. juni 2026 (før Alor Norge)",
        "meeting_date": D(2026, 6, 9),
        "start_time": T(17, 0),
        "end_time": None,
        "place": "",
        "is_online": False,
        "agenda": [],
    },
]

ACTIVITY_PLAN_2026 = {
    "slug": "aktivitetsplan-2026",
    "title": "Aktivitetsplan 2026",
    "year": 2026,
    "body": [
        _p(
            "<p>Eksempel: aktivitetsplanen er satt sammen for demoen fra sak 6 «Følges opp 2026» "
            "og møtedatoene i referatet fra RAG 15. desember 2025.</p>"
        ),
        _h("Aktiviteter"),
        _p(
            "<ul><li>Markedsføring</li>"
            "<li>Oppdatere layout på invitasjoner mm.</li>"
            "<li>Gjennomgang av teksten om alor/arbeidsliv og rus på korus.no</li>"
            "<li>Kunnskapsgrunnlag alor</li>"
            "<li>Program fra avholdte samlinger legges på Google Docs</li>"
            "<li>Felles registrering/rapportering</li>"
            "<li>Egen Teams-kanal</li></ul>"
        ),
        _h("Møteplan"),
        _p(
            "<ul><li>27. januar 09.15–15.00, fysisk i Akans lokaler</li>"
            "<li>9. mars 12.00–13.00</li>"
            "<li>20. mai 09.00–10.00</li>"
            "<li>9. juni kl. 17.00, før Alor Norge</li></ul>"
        ),
        _h("Alor Norge 2026"),
        _p(
            "<p>10.–11. juni 2026 på Hummeren hotell, med Stavanger som vertskap. Program ut "
            "primo mars, påmeldingsfrist medio april.</p>"
        ),
    ],
}

# ---------------------------------------------------------------------------------------------
# Alor Norge 2026 (draft programme revised 15.12.2025)
# ---------------------------------------------------------------------------------------------

GATHERING = {
    "slug": "alor-norge-2026",
    "title": "Alor Norge 2026",
    "start_date": D(2026, 6, 10),
    "end_date": D(2026, 6, 11),
    "venue": "Hummeren hotell",
    "host_organisation": "KORUS Stavanger",
    "host_network": "stavanger",
    "registration_deadline": None,
    "topics": ["nettverk", "sykefravaer", "alkohol", "spill", "parorende", "forskning"],
    "intro": (
        "<p>Nasjonal samling for alle alor-nettverkene, 10.–11. juni 2026 på Hummeren hotell. "
        "Stavanger er vertskap. Alor fyller 20 år. Program ut primo mars, påmeldingsfrist "
        "medio april.</p>"
    ),
}

# Sessions: (start, end, title, responsible, description, note, presentation key)
PROGRAMME = [
    {
        "title": "Dag 1",
        "date": D(2026, 6, 10),
        "theme": "Stavanger er vertskap",
        "sessions": [
            (T(10, 30), None, "Registrering", "", "", "", None),
            (
                T(11, 0),
                T(12, 30),
                "Velkommen til alor Norge",
                "KORUS Stavanger",
                "",
                "",
                None,
            ),
            (
                T(11, 0),
                T(12, 30),
                "Presentasjon av nettverkene (med presentasjonsrunde)",
                "Hoveddrifterne",
                "Stikkord: Erfaringer fra sist alor Norge-samling. Hva har fungert godt? Hva er "
                "utfordringene? Gode grep for rekruttering og gjennomføring. Suksess og fiasko.",
                "Hoveddrifter forbereder sammen med sin gruppe.",
                "network-stavanger",
            ),
            (
                T(11, 0),
                T(12, 30),
                "Siden sist v/ RAG",
                "RAG",
                "RAGs arbeid siden sist: oppfølging av OS 2025, alor.no, handlingsplan, nord/øst.",
                "",
                "since-last",
            ),
            (
                T(11, 0),
                T(12, 30),
                "Historisk tilbakeblikk",
                "Bjørnar",
                "Kåseri om alor i anledning 20-årsjubileet.",
                "Ikke bekreftet: Hasle spør Bjørnar.",
                "history",
            ),
            (T(12, 30), T(13, 30), "Lunsj", "", "", "", None),
            (
                T(13, 30),
                T(14, 15),
                "www.alor.no v/ Einar",
                "Einar",
                "Nettsiden og profilen til alor.",
                "",
                "alor-no",
            ),  # fmt: skip
            (T(14, 15), T(14, 30), "Pause", "", "", "", None),
            (T(14, 30), T(17, 0), "Open Space", "", "", "", None),
            (T(17, 0), None, "Slutt for dagen", "", "", "", None),
            (
                T(17, 0),
                None,
                "Sosial aktivitet?",
                "KORUS Stavanger",
                "",
                "Stavanger som vertskap vurderer et sosialt innslag før middagen.",
                None,
            ),
            (T(20, 0), None, "Middag", "", "", "", None),
        ],
    },
    {
        "title": "Dag 2",
        "date": D(2026, 6, 11),
        "theme": "Faglige innlegg",
        "sessions": [
            (T(9, 0), T(9, 15), "God morgen", "", "", "", None),
            (
                T(9, 15),
                T(10, 0),
                "Innlegg 1",
                "Inger Lise",
                "EUPC – evidensbasert rusforebygging i arbeidslivet.",
                "Forslag: interne krefter, jf. referat RAG 15.12.2025.",
                "eupc",
            ),
            (T(10, 0), T(10, 15), "Pause m/ utsjekk", "", "", "", None),
            (
                T(10, 15),
                T(11, 0),
                "Innlegg 2",
                "Leif Eggen",
                "ABC.",
                "Forslag: interne krefter, jf. referat RAG 15.12.2025.",
                None,
            ),
            (T(11, 0), T(11, 15), "Pause", "", "", "", None),
            (
                T(11, 15),
                T(12, 15),
                "Innlegg 3",
                "Akan kompetansesenter",
                "Innlegg fra Akan.",
                "Forslag: interne krefter, jf. referat RAG 15.12.2025.",
                None,
            ),
            (T(12, 15), T(12, 30), "Pause", "", "", "", None),
            (T(12, 30), T(13, 0), "Oppsummering/evaluering/veien videre", "", "", "", None),
            (T(13, 0), None, "Lunsj og avreise", "", "", "", None),
        ],
    },
]

# Speakers by presentation key (names of Person snippets).
SESSION_SPEAKERS = {
    "alor-no": ["Einar"],
    "eupc": ["Inger Lise"],
    "history": ["Bjørnar"],
    "network-stavanger": ["Silje"],
}

# The topic proposals from the 2025 evaluation, with the OCR damage repaired.
TOPIC_PROPOSALS_2025 = [
    "Nyeste forskning om avhengighet (biopsykososial modell, avhengighet og hjernen)",
    "Bruk av sosiale medier i promotering og kunnskapsformidling",
    "Ville vært interessant om KORUS øst og nord ble med – erfaringsdeling (hvorfor "
    "alor-modellen, hvorfor annen modell). Hvordan utvikle modellen slik at den treffer "
    "arbeidslivet best mulig fremover",
    "Open space",
    "Eks. på metodikk; dypdykk",
    "alor-teater",
    "Merkevare «Akan», hvordan løfte frem og ha fokus på «kvalitetssikring» inn i nettverkene",
    "Hvordan kan vi bistå hverandre i enda større grad?",
    "Fortsette som vi står! Liker formen godt!",
    "Litt mer info om alor.no (men det må nok jeg stå for selv)",
    "Temabank – idédugnad: Hva? Hvem? Hvordan?",
    "Mer om alkohol og sykefravær",
    "Oppfølging av «rekruttering» – hvordan øke aktualiteten knyttet til temaet, ikke minst "
    "overføringsverdi til HMS, arb.miljø og sosial bærekraft (samfunnsansvar). Dette er "
    "forøvrig virksomhetene pålagt å rapportere inn, inkl. redusere skadelig alkoholbruk, "
    "jf. FNs bærekraftsmål",
    "Felles utviklingsmål, tema/satsing tiden fremover basert på forskning/kunnskap",
    "Muligens noe innen pårørendeperspektivet, uten at jeg har noe konkret forslag",
    "Informasjon om spesielt vellykkede/interessante temaer fra andre nettverk",
    "Mer forskning/faglig påfyll om tematikken",
    "Hvordan jobbes det med spill? Jf. «Rusmiddel- og spillforebyggende arbeid – spillpolicy»",
    "Bedre tid til å dele erfaringer, å høre fra hverandre",
    "Har vi fått flere bedrifter til å bidra med innlegg siden juni 2025?",
    "KORUS og Akan i Innlandet og nord – hvordan jobber de med sine arrangement? Erfaringer "
    "uten behandlingsbenet?",
    "Markedsføring (nå flere, nå utsatte bransjer, få med ledere)",
]

PROPOSED_TALKS = [
    "Sykefravær mm. (Randi Aas, UiS, Mikkel)",
    "Oppdatert forskning",
    "Spill",
    "Camilla Bakkeng",
    "Pecha Kucha v/ Inger Lise",
    "Pårørende",
    "Spill v/ Ine/Paul",
    "20 år v/ Hasle",
    "Alor.no (nettside/profil)",
    "EUPC",
]


def evaluation_notes_html():
    proposals = "".join(f"<li>{text}</li>" for text in TOPIC_PROPOSALS_2025)
    talks = "".join(f"<li>{text}</li>" for text in PROPOSED_TALKS)
    return (
        "<h3>Forslag til tema fra evalueringen 2025</h3>"
        f"<ul>{proposals}</ul>"
        "<h3>Forslag til innlegg</h3>"
        f"<ul>{talks}</ul>"
    )


# ---------------------------------------------------------------------------------------------
# Sample documents, generated at load time as real small files
# ---------------------------------------------------------------------------------------------

# The sources name the talks, not their content: each file is an example, and says so in its
# description and on its first slide.
EXAMPLE_FILE = "Eksempel: eksempelfil for demoen, ikke den ekte presentasjonen"

# key: (title, format, file name, description, topics, slides: [(heading, [bullets])])
PRESENTATIONS = {
    "alor-no": (
        "www.alor.no v/ Einar",
        "pptx",
        "alor-no-einar.pptx",
        "Eksempel: Nettsiden alor.no: status, profil og veien videre. Alor Norge 2026, dag 1.",
        ["nettverk"],
        [
            ("www.alor.no", ["v/ Einar, Digital sør", EXAMPLE_FILE]),
            (
                "Status for nettsiden",
                [
                    "Drift av nettsiden etter avtale med KORUS Stavanger",
                    "Domenet alor.no og veien videre",
                    "Program fra avholdte samlinger samlet på ett sted",
                ],
            ),
            (
                "Profil og markedsføring",
                ["Ny layout på invitasjoner", "Nå flere, nå utsatte bransjer", "Få med ledere"],
            ),
        ],
    ),
    "eupc": (
        "EUPC – evidensbasert rusforebygging",
        "pdf",
        "eupc-evidensbasert-rusforebygging.pdf",
        (
            "Eksempel: "
            "Hvordan jobbe evidensbasert med rusforebygging i arbeidslivet? Innlegg v/ Inger Lise."
        ),
        ["rusforebygging", "forskning"],
        [
            (
                "EUPC – evidensbasert rusforebygging",
                ["Innlegg v/ Inger Lise", EXAMPLE_FILE],
            ),
            (
                "Hva er EUPC?",
                [
                    "European Prevention Curriculum",
                    "Kunnskapsbasert forebygging i praksis",
                    "Hva virker på arbeidsplassen?",
                ],
            ),
            (
                "Rusforebygging i arbeidslivet",
                [
                    "Ruspolicy og kjøreregler for alkohol",
                    "Tidlig intervensjon: se, handle, hjelpe",
                    "Samarbeid med Akan og KORUS",
                ],
            ),
        ],
    ),
    "since-last": (
        "Siden sist v/ RAG",
        "pdf",
        "siden-sist-rag.pdf",
        (
            "Eksempel: "
            "RAGs arbeid siden sist: oppfølging av OS 2025, alor.no, handlingsplan, nord/øst."
        ),
        ["nettverk"],
        [
            ("Siden sist v/ RAG", [EXAMPLE_FILE]),
            (
                "RAGs arbeid siden sist",
                [
                    "Oppfølging av Open Space 2025",
                    "alor.no og avtale om drift og domene",
                    "Oppdatert mandat sendt ledergruppa K7",
                    "Samarbeidsavtale KORUS/Akan",
                    "Dialog med KORUS nord og øst",
                ],
            ),
        ],
    ),
    "history": (
        "Historisk tilbakeblikk: 20 år med alor",
        "pdf",
        "historisk-tilbakeblikk-20-ar-alor.pdf",
        "Eksempel: Kåseri om alor i anledning 20-årsjubileet.",
        ["nettverk"],
        [
            ("20 år med alor", ["Historisk tilbakeblikk", EXAMPLE_FILE]),
            (
                "Fra Stavanger til elleve nettverk",
                [
                    "2006: modellen utvikles ved KORUS Stavanger",
                    "2017: evalueringen fra Proba samfunnsanalyse",
                    "I dag: elleve regionale alor-nettverk",
                ],
            ),
        ],
    ),
    "network-stavanger": (
        "Presentasjon av nettverkene: alor Stavanger",
        "pptx",
        "nettverkene-alor-stavanger.pptx",
        (
            "Eksempel: "
            "Erfaringer fra alor Stavanger: hva har fungert godt, utfordringer, rekruttering."
        ),
        ["nettverk", "sykefravaer"],
        [
            ("alor Stavanger", ["Presentasjon av nettverkene", EXAMPLE_FILE]),
            (
                "Erfaringer siden sist",
                [
                    "Hva har fungert godt?",
                    "Hva er utfordringene?",
                    "Gode grep for rekruttering og gjennomføring",
                ],
            ),
        ],
    ),
}

MINUTES_DOCUMENT = (
    "Referat RAG 15.12.2025",
    "referat-rag-2025-12-15.pdf",
    "Eksempel: PDF laget for demoen fra referatet fra møte i RAG 15. desember 2025 (Teams).",
)

# Which network each presentation of Alor Norge 2026 is filed under: the speaker's own, or
# none. A national gathering's presentations are not the host network's: Silje presents
# alor Stavanger, whose main host she is; Einar (Digital sør), Inger Lise, Bjørnar and RAG's
# own talk belong to no one network.
PRESENTATION_NETWORKS = {"network-stavanger": "stavanger"}

# ---------------------------------------------------------------------------------------------
# The archive: earlier editions of Alor Norge, a past gathering of each network, the 2017
# evaluation. The sources give none of these as content, only what is quoted below: every
# invented piece says «Eksempel» in its title or intro.
# ---------------------------------------------------------------------------------------------

# The sources speak of one earlier edition only: the 2026 draft programme asks for
# «Erfaringer fra sist alor Norge samling» and RAG's «oppfølging av OS 2025», the topic
# proposals are «Forslag tema fra 2025», and one of them asks «siden juni 2025». Its date,
# venue and programme are not given; the date here is set for the demo.
EARLIER_EDITIONS = [
    {
        "slug": "alor-norge-2025",
        "title": "Alor Norge 2025",
        "start_date": D(2025, 6, 1),
        "topics": ["nettverk"],
        "intro": (
            "<p>Eksempel: siden er laget for demoen ut fra det kildene sier om forrige "
            "samling. Programutkastet for Alor Norge 2026 nevner «Erfaringer fra sist alor "
            "Norge samling» og RAGs «oppfølging av OS 2025», og forslagene til tema fra "
            "evalueringen 2025 står på siden om Alor Norge 2026. Kildene gir ikke dato, sted "
            "eller program: datoen her er satt for demoen.</p>"
        ),
    },
]

# Two editions before it, which the sources do not mention at all: everything about them is
# an example, and the title says so. Each is hosted by a network's centre, as the 2026
# gathering is; its presentations are filed under no network (the speakers are examples).
EXAMPLE_EDITION_INTRO = (
    "<p>Eksempel: samlingen er laget for demoen, slik at arkivet over Alor Norge kan prøves. "
    "Kildene nevner ikke denne samlingen: dato, sted, vertsnettverk, program og filer er "
    "eksempler.</p>"
)

EXAMPLE_EDITIONS = [
    {
        "slug": "alor-norge-2024",
        "title": "Eksempel: Alor Norge 2024",
        "date": D(2024, 6, 12),
        "host_network": "bergen",
        "topics": ["nettverk", "ruspolicy"],
        "talks": [
            ("Erfaringsdeling på tvers av nettverkene", ["nettverk"],
             ["Hva gjør nettverkene?", "Hva kan vi lære av hverandre?",
              "Spørsmål til diskusjon"]),
            ("Ruspolicy i små og store virksomheter", ["ruspolicy"],
             ["Ulike behov", "Hva har fungert?", "Spørsmål til diskusjon"]),
        ],
    },
    {
        "slug": "alor-norge-2023",
        "title": "Eksempel: Alor Norge 2023",
        "date": D(2023, 6, 14),
        "host_network": "trondheim",
        "topics": ["tidlig-intervensjon"],
        "talks": [
            ("Tidlig intervensjon: fra kurs til praksis", ["tidlig-intervensjon"],
             ["Hva lærte vi på kurset?", "Hva gjør vi nå?", "Spørsmål til diskusjon"]),
        ],
    },
]  # fmt: skip


def example_edition_talk_title(title, edition_title):
    """«Eksempel: <talk> (Alor Norge 2024)»: the edition's title without its «Eksempel: »."""
    return f"Eksempel: {title} ({edition_title.removeprefix('Eksempel: ')})"


# A past gathering of each network: (network slug, date, topic slug, talks), each talk
# (title, topic slugs, slides). Not from the sources: titles, dates, programmes and files are
# examples.
REGIONAL_GATHERING_INTRO = (
    "<p>Eksempel: samlingen er laget for demoen, slik at arkivet kan prøves. Kildene gir ikke "
    "program eller presentasjoner fra nettverkenes egne samlinger: dato, tema, program og "
    "filer er eksempler.</p>"
)

REGIONAL_GATHERINGS = [
    ("haugesund", D(2025, 3, 13), "alkohol", [
        ("Kjøreregler for alkohol på arbeidsplassen", ["alkohol", "ruspolicy"],
         ["Hvorfor kjøreregler?", "Jobbreiser, kurs og julebord", "Spørsmål til diskusjon"]),
    ]),
    ("stavanger", D(2025, 10, 16), "sykefravaer", [
        ("Alkohol og sykefravær", ["sykefravaer", "alkohol"],
         ["Hva vet vi om sammenhengen?", "Hva kan lederen gjøre?", "Spørsmål til diskusjon"]),
        ("Erfaringer fra en virksomhet", ["sykefravaer", "tidlig-intervensjon"],
         ["Hvordan vi kom i gang", "Hva har fungert godt?", "Hva er utfordringene?"]),
    ]),
    ("alesund", D(2025, 4, 24), "spill", [
        ("Spillpolicy i virksomheten", ["spill", "ruspolicy"],
         ["Hvordan jobbes det med spill?", "Spill i ruspolicyen", "Spørsmål til diskusjon"]),
    ]),
    ("kristiansund", D(2025, 9, 18), "parorende", [
        ("Pårørende på jobb", ["parorende"],
         ["Pårørendeperspektivet i arbeidslivet", "Hva kan kolleger og ledere gjøre?",
          "Spørsmål til diskusjon"]),
    ]),
    ("trondheim", D(2025, 5, 8), "rusforebygging", [
        ("Rusforebygging i praksis", ["rusforebygging"],
         ["Hva virker på arbeidsplassen?", "Fra policy til praksis", "Spørsmål til diskusjon"]),
        ("Open Space: hva vil vi ta opp?", ["nettverk"],
         ["Deltakerne setter dagsorden", "Grupper og oppsummering"]),
    ]),
    ("molde", D(2025, 10, 2), "ruspolicy", [
        ("Slik reviderer dere ruspolicyen", ["ruspolicy"],
         ["Hvem er med?", "Hva skal policyen si?", "Hvordan gjøre den kjent?"]),
    ]),
    ("oslo", D(2025, 3, 27), "tidlig-intervensjon", [
        ("Se, handle, hjelpe: tidlig intervensjon", ["tidlig-intervensjon"],
         ["Å se tegnene", "Samtalen med medarbeideren", "Hvem kan hjelpe?"]),
    ]),
    ("kristiansand", D(2025, 11, 6), "forskning", [
        ("Ny forskning om avhengighet", ["forskning"],
         ["Den biopsykososiale modellen", "Avhengighet og hjernen", "Spørsmål til diskusjon"]),
        ("Kunnskapsgrunnlag for nettverkene", ["forskning", "nettverk"],
         ["Hva trenger deltakerne å vite?", "Hvor finner vi kunnskapen?"]),
    ]),
    ("tonsberg", D(2025, 4, 10), "hms-og-arbeidsmiljo", [
        ("Rus som en del av HMS-arbeidet", ["hms-og-arbeidsmiljo"],
         ["Rus i HMS-systemet", "Verneombudets rolle", "Spørsmål til diskusjon"]),
    ]),
    ("bergen", D(2025, 9, 25), "sosial-baerekraft", [
        ("Skadelig alkoholbruk og FNs bærekraftsmål", ["sosial-baerekraft", "alkohol"],
         ["Samfunnsansvar i virksomheten", "Hva skal rapporteres?", "Spørsmål til diskusjon"]),
    ]),
    ("stjordal", D(2025, 5, 22), "nettverk", [
        ("Rekruttering til nettverket", ["nettverk"],
         ["Nå flere, nå utsatte bransjer", "Få med ledere", "Gode grep fra andre nettverk"]),
        ("Bruk av sosiale medier i kunnskapsformidling", ["nettverk"],
         ["Hvilke kanaler?", "Hva har fungert?"]),
    ]),
]  # fmt: skip


def regional_gathering_title(city, date):
    season = "Vårsamling" if date.month < 7 else "Høstsamling"
    return f"Eksempel: {season} {date.year} i alor {city}"


def regional_talk_title(title, city):
    return f"Eksempel: {title} (alor {city})"


def regional_programme(talks):
    """One day: (start, end, title, talk index or None)."""
    sessions = [
        (T(9, 0), T(9, 30), "Registrering og kaffe", None),
        (T(9, 30), T(9, 45), "Velkommen", None),
    ]
    start = 9 * 60 + 45
    for index, (title, _topics, _slides) in enumerate(talks):
        sessions.append((_time(start), _time(start + 45), title, index))
        start += 45
    sessions += [
        (_time(start), _time(start + 60), "Erfaringsdeling i grupper", None),
        (_time(start + 60), _time(start + 75), "Oppsummering og veien videre", None),
        (_time(start + 75), None, "Lunsj", None),
    ]
    return sessions


def _time(minutes):
    return T(minutes // 60, minutes % 60)


# The report of the 2017 evaluation: the article says «Les rapporten her» and that the report
# is on www.alor.no; the sources do not hold it. The file is a placeholder and says so.
PROBA_REPORT = {
    "title": "Eksempel: Evaluering av alor-nettverkene (Proba samfunnsanalyse, 2017)",
    "filename": "eksempel-proba-evaluering-2017.pdf",
    "description": (
        "Eksempel: plassholder for demoen, ikke rapporten. Proba samfunnsanalyse evaluerte i "
        "samarbeid med Arbeidsforskningsinstituttet de regionale alor-nettverkene (artikkelen "
        "9. november 2017). Rapporten selv finnes ikke i kildene."
    ),
    "year": 2017,
    "topics": ["nettverk", "forskning"],
    "article": "virksomme-nettverk-innen-arbeidsliv-og-rus",
    "slides": [
        (
            "Eksempel: plassholder",
            [
                "Denne filen er en plassholder laget for demoen. Den er ikke rapporten fra "
                "Proba samfunnsanalyse.",
                "Proba samfunnsanalyse har i samarbeid med Arbeidsforskningsinstituttet "
                "evaluert de regionale nettverkene for arbeidsliv og rus.",
                "Artikkelen fra 9. november 2017 sier at evalueringsrapporten finnes på "
                "www.alor.no.",
            ],
        )
    ],
}
