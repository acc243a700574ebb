"""The seed letter's Norwegian text (KDD to the pilots of round 2), in the safe text format."""

TITLE = "Informasjon om veien videre i arbeidet med bygdevekstavtaler for pulje 2"

BODY = """Departementet vil med dette brevet informere om hva veien videre vil innebære for pilotene i pulje 2.

Vi håper dere hadde nyttige dager i de politiske møtene i Oslo. Signalene gitt i dette møtet gir en viktig indikasjon på hvor det er handlingsrom, og hvilke områder dere bør prioritere frem til innleveringen av avtaleforslaget. Vi vil også minne om at bygdevekstavtalene er samarbeidsavtaler mellom ulike aktører, og de skal sette rammene og avklare forventinger og innsats for det videre samarbeidet. De konkrete tiltakene vil komme i handlingsplanene som skal følge opp avtalene.

## Tidsplan for avtalene

Neste milepæl er innsending av avtaleforslag til departementet 29. november. Her skal dere levere avtalen slik piloten og samarbeidspartene deres er enige om at den kan se ut. Som nevnt tidligere er et viktig element å gå i dialog med aktuelle samarbeidsparter og enes om eventuelle forpliktelser i avtalen.

Staten vil gjennom kommunal- og distriktsdepartementet utforme en skriftlig respons på bakgrunn av de innsendte forslagene fra pilotene. Dette vil danne grunnlaget for dialog om endelig ordlyd i bygdevekstavtalene. Staten vil også invitere fylkeskommunen, som selvstendig folkevalgt organ, inn i denne dialogen. Dette vil tentativt foregå i januar 2025.

Når alle parter har kommet til enighet, skal endelig avtale godkjennes formelt i alle kommunestyrer, eventuelt i fylkesting eller fylkesutvalg, og i regjering. Vi regner med at dette krever tiden frem mot påske.

## Politisk forankring i kommunene

Forslaget 29. november skal være forankret politisk i alle kommuner. Forslaget blir det siste oppspillet fra pilotene, og det er derfor viktig at prioriteringene som er gjort i utkastet er kjent for, og godkjent av, det politiske nivået i alle kommunene.

Den enkelte pilot må vurdere hvilken grad av forankring som er mest hensiktsmessig. Vi gjør samtidig oppmerksom på at vi i tiden mellom innlevering av forslag og endelig avtale, skal bli enige om det konkrete innholdet i bygdevekstavtalene. Den politiske forankringen lokalt bør ta høyde for dette. Dette kan gjøres ved for eksempel å gi mandat til ordfører eller formannskap til å ha dialog om innholdet på vegne av kommunestyrene.

## Politisk forankring i fylkeskommunene

For fylkeskommunen vil graden av engasjement påvirke behovet for forankring. Dersom fylkeskommunen beslutter å gå inn som hovedpart, vil de få en tydeligere overordnet og mer politisk rolle i arbeidet med og oppfølgningen av avtalen. Som hovedpart har fylkeskommunen en tydeligere politisk rolle overfor staten, og vil blant annet være en naturlig dialogpartner i de årlige politiske møtene.

Dersom fylkeskommunen går inn som hovedpart vil behovet for politisk forankring være likt som for kommunene. De endelige avtalene vil da måtte være forankret i fylkesting eller fylkesutvalg.

Også som samarbeidspart vil fylkeskommunen ha en særegen rolle i kraft av å være et eget forvaltningsnivå. Fylkeskommunen vil også uansett være en avgjørende aktør i kraft av blant annet sin veiledningsrolle, rollen som regional utviklingsaktør samt ansvaret som sektoransvarlig, men vil da i større grad ha en operativ rolle i oppfølgningen av avtalene.

Departementet anbefaler at arbeidet forankres politisk, også dersom fylkeskommunen inngår som samarbeidspart under enkelte delmål. Hvordan dette bør gjøres, vil bli en vurdering den enkelte fylkeskommune gjør i det enkelte tilfellet.

Vi vil også gjøre oppmerksom på at det ikke ligger noen forventning om økonomiske forpliktelser fra fylkeskommunen, utover personalressurser. Dette vil måtte avstemmes fylkeskommunens gjeldende ressurssituasjon.

## Arbeidet med handlingsplaner

Departementene har bedt pilotene levere utkast til handlingsplan sammen med avtaleforslaget. Dette er både fordi vi ser det er en fordel å kunne arbeide med disse prosessene parallelt, og at det er viktig å komme tidlig i gang med arbeidet med handlingsplaner. Vi ber om at dere bruker malen for handlingsplan fra KDD i dette arbeidet. Departementet vil presisere at det er avtaleteksten som er det klart viktigste på dette tidspunktet, og at det ikke settes noen krav til utkastet til handlingsplan for leveransen 29. november. Vi vil komme tilbake med mer utfyllende informasjon om arbeidet med handlingsplanene i løpet av høsten.
"""

# As the letter signs: the head of division on delegated authority, then the case officer.
SIGNATORIES = [
    ("Avdelingsdirektør KDD", "avdelingsdirektør", True),
    ("Saksbehandler KDD", "utredningsleder", False),
]
