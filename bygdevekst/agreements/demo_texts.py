"""Invented draft texts for the round-2 pilots, in each pilot's written standard, and the edits that
turn the first draft into the second (so the comparison of the two demo versions shows something real).

A commitment is (party, kind, text, amount): party "lead" (the lead municipality), "kdd", "county",
a municipality number, or a state agency that joins as a cooperation party ("husbanken", agreements/demo.py).
"""

P, F, K, PR = "personnel", "financial", "in_kind", "process"

PILOTS = {
    "Trysil-regionen": {
        "purpose": "Trysil, Våler, Åmot og Engerdal har felles utfordringer: en aldrende befolkning, "
        "mangel på **boliger** som passer for unge og tilflyttere, og vansker med å rekruttere "
        "fagfolk til helse, oppvekst og næringsliv. Avtalen skal gi et forpliktende samarbeid mellom "
        "staten, kommunene og Innlandet fylkeskommune om å snu utviklingen.",
        "goal": "Flere skal velge å bo, arbeide og drive næring i Trysil-regionen.",
        "areas": [
            ("Bolig", "Et variert boligtilbud er en forutsetning for å lykkes med rekruttering.", [
                ("Flere utleieboliger for nyetablerte", "Kommunene skal sammen få fram minst 40 nye utleieboliger i perioden.", [
                    ("lead", P, "Trysil kommune stiller med en boligkoordinator i 50 prosent stilling for hele regionen.", None),
                    ("kdd", PR, "Staten v/KDD legger til rette for dialog med Husbanken om startlån og tilskudd.", None),
                    ("husbanken", PR, "Husbanken gir kommunene veiledning om startlån, tilskudd og lån til "
                     "utleieboliger, og deltar i regionens boligforum.", None),
                ]),
                ("Bedre bruk av eksisterende boligmasse", "Tomme boliger og fritidsboliger skal vurderes for helårsbruk.", [
                    ("3419", PR, "Våler kommune kartlegger ubebodde boliger og kontakter eierne.", None),
                ]),
            ]),
            ("Kompetanse og arbeidskraft", "Regionen trenger flere med fagbrev og høyere utdanning.", [
                ("Rekruttering av fagarbeidere", "Kommunene skal lykkes bedre med å rekruttere ansatte med fagbrev.", [
                    ("lead", P, "Trysil kommune leder et felles rekrutteringsnettverk for kommunene.", None),
                    ("county", P, "Innlandet fylkeskommune stiller med rådgiver fra karriereveiledningen.", None),
                ]),
                ("Desentralisert utdanning", "Voksne skal kunne ta utdanning uten å flytte.", [
                    ("county", P, "Innlandet fylkeskommune prioriterer regionen i tilbudet om fagskoleutdanning.", None),
                ]),
            ]),
            ("Næringsutvikling", "Reiseliv, skog og tre er regionens fortrinn.", [
                ("Helårsarbeidsplasser i reiselivet", "Flere sesongjobber skal bli helårsjobber.", [
                    ("lead", PR, "Trysil kommune samordner næringsarbeidet mot reiselivet i regionen.", None),
                ]),
            ]),
        ],
        "sections": [
            ("Oppfølging", "Partene møtes i et **årlig politisk møte**. Handlingsplanen rulleres hvert år."),
            ("Varighet", "Avtalen gjelder i fire år fra signering."),
            ("Endringer", "Endringer i avtalen gjøres ved nummererte tillegg som alle hovedpartene godkjenner."),
        ],
        "revision": {
            "label": "Utkast etter arbeidsmøte i regionrådet",
            "purpose": "Trysil, Våler, Åmot og Engerdal har felles utfordringer: en aldrende befolkning, "
            "mangel på **boliger** som passer for unge, tilflyttere og sesongarbeidere, og vansker med å rekruttere "
            "fagfolk til helse, oppvekst og næringsliv. Avtalen skal gi et forpliktende samarbeid mellom "
            "staten, kommunene og Innlandet fylkeskommune om å snu utviklingen.",
            "change_commitment": [((0, 0, 0), "Trysil kommune stiller med en boligkoordinator i 100 prosent stilling for hele regionen.")],
            "add_commitment": [((0, 0), ("3422", F, "Åmot kommune setter av midler til et boligfond for unge i etableringsfasen.", 1500000))],
            "add_sub_goal": [(2, "Grønn omstilling i skog- og trenæringen", "Mer av verdiskapingen fra skogen skal skje i regionen.", [
                ("3425", PR, "Engerdal kommune tar initiativ til et nettverk for treforedling.", None),
            ])],
            "remove_section": [2],
        },
    },
    "Smøla og Aure": {
        "purpose": "Smøla og Aure er kystkommuner der havbruk, fiske og fornybar energi gir arbeid, men der "
        "bedriftene melder om mangel på arbeidskraft og boliger. Fylkeskommunen er ikke part.",
        "goal": "Smøla og Aure skal ha vekst i folketallet og et robust arbeidsmarked.",
        "areas": [
            ("Bolig", "", [
                ("Boliger for arbeidsinnvandrere og unge", "Det skal bygges flere leiligheter nær arbeidsplassene.", [
                    ("lead", P, "Smøla kommune stiller med en prosjektleder for boligbygging.", None),
                    ("kdd", PR, "Staten v/KDD formidler erfaringer fra andre bygdevekstpiloter.", None),
                ]),
            ]),
            ("Kompetanse og arbeidskraft", "", [
                ("Lærlingplasser i havbruk", "Flere unge skal ta fagbrev i akvakultur lokalt.", [
                    ("1576", P, "Aure kommune koordinerer lærlingplasser sammen med næringslivet.", None),
                ]),
            ]),
            ("Næringsutvikling", "", [
                ("Verdiskaping fra havet", "Flere bedrifter skal foredle fisk og skalldyr lokalt.", [
                    ("lead", PR, "Smøla kommune legger til rette næringsareal ved havna.", None),
                ]),
            ]),
        ],
        "sections": [
            ("Oppfølging", "Partene møtes i et årlig politisk møte."),
            ("Varighet", "Avtalen gjelder i fire år fra signering."),
        ],
        "revision": {
            "label": "Utkast etter innspill fra næringslivet",
            "goal": "Smøla og Aure skal ha vekst i folketallet, et robust arbeidsmarked og gode tjenester.",
            "add_commitment": [((2, 0), ("1576", F, "Aure kommune bidrar med kommunalt næringsfond til etablerere.", 500000))],
            "move_sub_goal": [(1, 0, 2)],
            "add_section": [("Kommunikasjon", "Partene informerer innbyggerne om arbeidet minst to ganger i året.")],
        },
    },
    "Vest-Telemark": {
        "purpose": "Dei seks kommunane i Vest-Telemark har mykje natur, sterke reiselivsmiljø og ein lang "
        "tradisjon for samarbeid. Samstundes manglar det **bustader** for tilflyttarar, og det er vanskeleg "
        "å rekruttere tilsette til helse og omsorg.",
        "goal": "Fleire skal velje å bu og arbeide i Vest-Telemark.",
        "areas": [
            ("Bustad", "Eit variert bustadtilbod er ein føresetnad for å lukkast med rekruttering.", [
                ("Fleire bustader for nyetablerte", "Det skal byggjast og leigast ut fleire bustader for unge og tilflyttarar.", [
                    ("lead", P, "Vinje kommune stiller med ein bustadkoordinator i 50 prosent stilling for regionen.", None),
                    ("kdd", PR, "Staten v/KDD legg til rette for dialog med Husbanken.", None),
                ]),
            ]),
            ("Kompetanse og arbeidskraft", "", [
                ("Rekruttering av tilsette i helse og omsorg", "Kommunane skal lukkast betre med å rekruttere og halde på tilsette.", [
                    ("4022", P, "Seljord kommune leier eit felles rekrutteringsprosjekt for helsefag.", None),
                    ("county", P, "Telemark fylkeskommune stiller med rådgjevar frå karriererettleiinga.", None),
                ]),
                ("Desentralisert utdanning", "Vaksne skal kunne ta utdanning utan å flytte.", [
                    ("county", P, "Telemark fylkeskommune prioriterer regionen i fagskuletilbodet.", None),
                ]),
            ]),
            ("Næringsutvikling", "", [
                ("Heilårsarbeidsplassar i reiselivet", "Fleire sesongjobbar skal bli heilårsjobbar.", [
                    ("4034", PR, "Tokke kommune samordnar reiselivsarbeidet med Vest-Telemark Næringsutvikling.", None),
                ]),
            ]),
        ],
        "sections": [
            ("Oppfølging", "Partane møtest i eit årleg politisk møte for å følgje opp avtalen."),
            ("Varigheit", "Avtalen gjeld i fire år frå signering."),
            ("Endringar", "Endringar i avtalen blir gjorde ved nummererte tillegg."),
        ],
        "revision": {
            "label": "Utkast etter regionrådsmøtet",
            "change_commitment": [((1, 0, 0), "Seljord kommune leier eit felles rekrutteringsprosjekt for helsefag og tilbyr bustad til nytilsette.")],
            "add_commitment": [((0, 0), ("4028", F, "Kviteseid kommune set av tilskot til etablering for nytilsette som kjøper bustad.", 750000))],
            "retitle": [((2, 0), "Heilårsarbeidsplassar i reiseliv og kultur")],
            "swap_sub_goals": [(1, 0, 1)],
        },
    },
    "Nord-Troms": {
        "purpose": "Gáivuotna - Kåfjord - Kaivuono, Skjervøy, Nordreisa - Ráisa - Raisi og Kvænangen ligger i et "
        "område med samisk, kvensk og norsk kultur. Avtalen skal styrke bosetting, rekruttering og "
        "næringsliv, og ta vare på språkene i regionen.",
        "goal": "Nord-Troms skal ha stabilt folketall og flere unge voksne.",
        "areas": [
            ("Bolig", "", [
                ("Flere boliger i kommunesentrene", "Det skal bygges flere små boliger for unge og tilflyttere.", [
                    ("lead", P, "Gáivuotna - Kåfjord - Kaivuono kommune stiller med en boligrådgiver for regionen.", None),
                    ("kdd", PR, "Staten v/KDD legger til rette for dialog med Husbanken.", None),
                ]),
            ]),
            ("Kompetanse og arbeidskraft", "", [
                ("Rekruttering av lærere med samisk- og kvenskkompetanse", "Skolene skal ha lærere som kan undervise i samisk og kvensk.", [
                    ("5544", P, "Nordreisa kommune koordinerer rekrutteringen for kommunene.", None),
                    ("county", P, "Troms fylkeskommune stiller med ressurser fra opplæringsavdelingen.", None),
                ]),
            ]),
            ("Næringsutvikling", "", [
                ("Sjømat og reiseliv", "Flere skal leve av sjømat, reiseliv og kulturnæringer.", [
                    ("5542", PR, "Skjervøy kommune legger til rette for sjømatnæringen.", None),
                ]),
            ]),
        ],
        "sections": [
            ("Oppfølging", "Partene møtes i et årlig politisk møte."),
            ("Språk", "Avtalen skal foreligge på norsk og nordsamisk."),
        ],
        "revision": {
            "label": "Utkast etter møte med Sametinget",
            "purpose": "Gáivuotna - Kåfjord - Kaivuono, Skjervøy, Nordreisa - Ráisa - Raisi og Kvænangen ligger i et "
            "område med samisk, kvensk og norsk kultur. Avtalen skal styrke bosetting, rekruttering og "
            "næringsliv, og bidra til at språkene i regionen brukes og læres.",
            "add_sub_goal": [(1, "Helsepersonell i distriktet", "Flere sykepleiere skal utdannes og bli boende i regionen.", [
                ("5546", P, "Kvænangen kommune tilbyr praksisplasser og mentorordning.", None),
            ])],
            "add_commitment": [((2, 0), ("kdd", F, "Staten v/KDD bidrar med midler til et forprosjekt om sjømatklynge.", 2000000))],
        },
    },
    "Solund og Fedje": {
        "purpose": "Solund og Fedje er øykommunar utan fastlandssamband. Folketalet går ned, og det er få "
        "ledige **bustader**. Avtalen skal gje eit forpliktande samarbeid om busetjing, arbeidskraft og "
        "næringsliv i øysamfunna.",
        "goal": "Fleire skal velje å bu og arbeide i Solund og Fedje.",
        "areas": [
            ("Bustad", "", [
                ("Fleire utleigebustader", "Det skal byggjast fleire utleigebustader i kommunesentera.", [
                    ("lead", P, "Solund kommune stiller med ein prosjektleiar for bustadbygging.", None),
                    ("kdd", PR, "Staten v/KDD formidlar erfaringar frå andre piloter.", None),
                ]),
            ]),
            ("Kompetanse og arbeidskraft", "", [
                ("Rekruttering til havbruk og skule", "Kommunane skal lukkast betre med å rekruttere tilsette.", [
                    ("4633", P, "Fedje kommune koordinerer eit felles rekrutteringsnettverk.", None),
                    ("county", P, "Vestland fylkeskommune stiller med rådgjevar for fagopplæring.", None),
                ]),
            ]),
            ("Næringsutvikling", "", [
                ("Nye arbeidsplassar knytte til havet", "Fleire verksemder skal etablere seg i øysamfunna.", [
                    ("lead", PR, "Solund kommune legg til rette næringsareal ved sjøen.", None),
                ]),
            ]),
        ],
        "sections": [
            ("Oppfølging", "Partane møtest i eit årleg politisk møte."),
            ("Varigheit", "Avtalen gjeld i fire år frå signering."),
        ],
        "revision": {
            "label": "Utkast etter ferjemøtet",
            "goal": "Fleire skal velje å bu og arbeide i Solund og Fedje, og øysamfunna skal vere gode å bu i.",
            "add_commitment": [((1, 0), ("lead", F, "Solund kommune set av midlar til bustadtilskot for nytilsette.", 400000))],
            "add_section": [("Samferdsel", "Partane skal saman sjå på ferjetilbodet som føresetnad for busetjing.")],
            "remove_section": [1],
        },
    },
}
