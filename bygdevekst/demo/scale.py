"""The national-scale dataset: six rounds, 120 pilots over the 357 municipalities, 40 frozen versions of
60–120 kB per agreement, 6,000 measures, 20,000 log rows, 2,000 registry entries and 300 people.

It exists to measure the service as the scheme is meant to grow (`make bench`, docs/performance.md) and to
prove that query counts do not grow with the data (tests/performance). Agreements are started and first
frozen through the domain functions (`start_agreement`, `freeze_version`, `ensure_plan`); the bulk of the
rows (later versions, measures, log rows, registry entries) goes in with `bulk_create`, because building
them one domain call at a time would take an hour, and nothing reads the difference: a later version is
the canonical snapshot of a lightly edited text with its own SHA-256, exactly as `freeze_version` writes it.
"""

import datetime
import random
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from bygdevekst.actionplans.domain.plans import ensure_plan
from bygdevekst.actionplans.enums import FundingSource, MeasureStatus, PlanStatus
from bygdevekst.actionplans.models import ActionPlan, BudgetLine, Measure
from bygdevekst.agreements.domain.snapshot import content_hash, freeze_version
from bygdevekst.agreements.domain.start import start_agreement
from bygdevekst.agreements.enums import AgreementState, VersionKind
from bygdevekst.agreements.models import Agreement, AgreementVersion, FocusArea, Section, SubGoal
from bygdevekst.audit.models import ActionLog
from bygdevekst.correspondence.enums import EntryType
from bygdevekst.correspondence.models import Case, RegistryEntry
from bygdevekst.organisations.enums import OrganisationKind, Role
from bygdevekst.organisations.models import Membership, Organisation
from bygdevekst.programme.enums import RoundStatus
from bygdevekst.programme.models import Pilot, Programme, Round

FULL = {"rounds": 6, "pilots": 120, "versions": 40, "measures": 6000, "log_rows": 20000, "entries": 2000,
        "users": 300}
WORDS = (
    "bolig utleieboliger utleigebustader kompetanse arbeidskraft næringsliv bosetting tilflytting samarbeid "
    "kommunen fylkeskommunen staten tiltak innsats ungdom skole helse omsorg reiseliv landbruk havbruk "
    "digitalisering bredbånd samferdsel ferje vei kultur frivillighet inkludering integrering lærlinger "
    "fagbrev rekruttering sentrumsutvikling tomter areal planlegging bustader næringsareal Gáivuotna "
    "partnarskap utvikling berekraft klima energi kraft vatn avløp barnehage eldre rådgiving nettverk"
).split()


def counts(scale):
    c = {key: max(1, round(value * scale)) for key, value in FULL.items()}
    c["rounds"] = FULL["rounds"]  # rounds stay six; pilots and everything under them scale
    c["versions"] = max(2, c["versions"])
    return c


def _text(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _content(agreement, rng, kb):
    """Sections whose text makes the snapshot about `kb` kilobytes."""
    per_section = 8
    sections = max(2, kb * 1024 // (per_section * 1000))
    Section.objects.bulk_create([
        Section(agreement=agreement, position=i, title=f"Del {i + 1}: {_text(rng, 3)}",
                body="\n\n".join(_text(rng, 140) for _ in range(per_section)))
        for i in range(sections)
    ])
    areas = FocusArea.objects.bulk_create([
        FocusArea(agreement=agreement, position=i, title=_text(rng, 4), description=_text(rng, 40))
        for i in range(3)
    ])
    SubGoal.objects.bulk_create([
        SubGoal(agreement=agreement, focus_area=fa, position=j, title=_text(rng, 6), description=_text(rng, 30))
        for fa in areas for j in range(3)
    ])


def _later_versions(agreement, first, n, rng, kdd):
    """Versions 2..n: each the previous snapshot with one section paragraph rewritten."""
    content = first.content
    rows = []
    start = first.created_at
    for number in range(2, n + 1):
        content = {**content, "sections": [dict(s) for s in content["sections"]]}
        section = rng.choice(content["sections"])
        paragraphs = section["body"].split("\n\n")
        paragraphs[rng.randrange(len(paragraphs))] = _text(rng, 140)
        section["body"] = "\n\n".join(paragraphs)
        kind = VersionKind.FINAL if number == n and agreement.state == AgreementState.APPROVED \
            else VersionKind.DIALOGUE_REVISION
        rows.append(AgreementVersion(
            agreement=agreement, number=number, kind=kind, label=f"Versjon {number}", content=content,
            sha256=content_hash(content), created_by=kdd, created_at=start + datetime.timedelta(days=number),
        ))
    AgreementVersion.objects.bulk_create(rows, batch_size=10)


def _rounds(programme, c):
    rounds = list(Round.objects.filter(programme=programme).order_by("number"))
    top = rounds[-1].number if rounds else 0
    year = rounds[-1].year if rounds else 2022
    while len(rounds) < c["rounds"]:
        top += 1
        year += 1
        rounds.append(Round.objects.create(programme=programme, number=top, name=f"Pulje {top}", year=year,
                                           status=RoundStatus.PLANNED))
    return rounds


def _pilots(rounds, c, rng):
    municipalities = list(Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
                          .exclude(county=None).order_by("municipality_number"))
    councils = {o.county_id: o for o in Organisation.objects.filter(kind=OrganisationKind.COUNTY_COUNCIL)}
    administrators = {}
    for org in Organisation.objects.filter(kind=OrganisationKind.STATE_ADMINISTRATOR).prefetch_related(
            "covered_counties"):
        for county in org.covered_counties.all():
            administrators[county.pk] = org
    by_county = {}
    for m in municipalities:
        if m.county_id in councils and m.county_id in administrators:
            by_county.setdefault(m.county_id, []).append(m)
    pilots = []
    for i in range(c["pilots"]):
        round_ = rounds[i % len(rounds)]
        county = sorted(by_county)[i % len(by_county)]
        members = rng.sample(by_county[county], min(3, len(by_county[county])))
        pilot = Pilot.objects.create(
            round=round_, name=f"Skala {i + 1}: {members[0].name}", lead_municipality=members[0], county_id=county,
            county_council=councils[county], state_administrator=administrators[county],
        )
        pilot.municipalities.set(members)
        pilots.append(pilot)
    return pilots


def _measures(plans, c, rng):
    per_plan = max(1, c["measures"] // max(1, len(plans)))
    rows = []
    for plan, agreement in plans:
        orgs = [p.organisation_id for p in agreement.parties.all()]
        for n in range(1, per_plan + 1):
            rows.append(Measure(
                plan=plan, number=n, title=_text(rng, 6)[:300], description=_text(rng, 40),
                responsible_id=rng.choice(orgs), start_year=2025, start_quarter=rng.randint(1, 4), end_year=2027,
                end_quarter=rng.randint(1, 4), indicator=_text(rng, 8), status=rng.choice(MeasureStatus.values),
            ))
    Measure.objects.bulk_create(rows, batch_size=500)
    BudgetLine.objects.bulk_create([
        BudgetLine(measure=m, year=2025 + k, source=FundingSource.KDD_GRANT, planned=rng.randint(1, 50) * 10000)
        for m in Measure.objects.filter(plan__in=[p for p, _a in plans]) for k in range(2)
    ], batch_size=1000)


def _people(pilots, c, password):
    User = get_user_model()
    start = User.objects.count()
    users = User.objects.bulk_create([
        User(username=f"skala{start + i}", first_name="Prosjektmedarbeider", last_name=f"Skala {i + 1}",
             email=f"skala{start + i}@demo.example", password=password)
        for i in range(c["users"])
    ])
    Membership.objects.bulk_create([
        Membership(user=u, organisation_id=pilots[i % len(pilots)].lead_municipality_id,
                   role=Role.PROJECT_MANAGER if i < len(pilots) else Role.MUNICIPAL_STAFF,
                   pilot=pilots[i % len(pilots)])
        for i, u in enumerate(users)
    ])
    return users


def _registry(pilots, c, rng, kdd):
    year = 2025
    sequence = (Case.objects.filter(year=year).aggregate(m=Max("sequence"))["m"] or 0) + 1
    cases = Case.objects.bulk_create([
        Case(year=year, sequence=sequence + i, title=f"Bygdevekstavtale – {p.name}",
             public_title=f"Bygdevekstavtale – {p.name}", responsible=kdd, round=p.round, pilot=p)
        for i, p in enumerate(pilots)
    ])
    per_case = max(1, c["entries"] // len(cases))
    today = datetime.date(2025, 3, 1)
    journal = RegistryEntry.objects.filter(journal_year=today.year).aggregate(m=Max("journal_sequence"))["m"] or 0
    RegistryEntry.objects.bulk_create([
        RegistryEntry(case=case, number=n, journal_year=today.year,
                      journal_sequence=journal + i * per_case + n, entry_type=rng.choice(EntryType.values), title=_text(rng, 8)[:300],
                      public_title=_text(rng, 6)[:300], registry_date=today, document_date=today,
                      case_officer=kdd, source=f"scale:{case.pk}:{n}")
        for i, case in enumerate(cases) for n in range(1, per_case + 1)
    ], batch_size=1000)


def _log(agreements, users, c, rng):
    actions = ["agreement.edited", "comment.added", "actionplan.measure_changed", "meeting.created", "letter.sent"]
    ActionLog.objects.bulk_create([
        ActionLog(actor=rng.choice(users), action=rng.choice(actions), object_type="agreements.agreement",
                  object_id=str(a.pk), object_repr=a.title[:300], agreement=a, data={"scale": True})
        for a in (rng.choice(agreements) for _ in range(c["log_rows"]))
    ], batch_size=2000)


def generate(scale=1.0, seed=19, out=None):
    """Add the dataset (times `scale`) beside whatever is there. Returns the counts added."""
    say = out or (lambda _msg: None)
    rng = random.Random(seed)  # noqa: S311  # nosec B311
    c = counts(scale)
    User = get_user_model()
    kdd = User.objects.filter(memberships__organisation__kind=OrganisationKind.MINISTRY).order_by("pk").first()
    programme = Programme.objects.order_by("pk").first()
    if kdd is None or programme is None:
        from .loader import load_demo

        say("No demo yet: loading it first.")
        load_demo()
        kdd = User.objects.filter(memberships__organisation__kind=OrganisationKind.MINISTRY).order_by("pk").first()
        programme = Programme.objects.order_by("pk").first()
    with transaction.atomic():
        rounds = _rounds(programme, c)
        pilots = _pilots(rounds, c, rng)
    say(f"{len(rounds)} rounds, {len(pilots)} pilots")
    agreements, plans = [], []
    for i, pilot in enumerate(pilots):
        with transaction.atomic():
            agreement = start_agreement(pilot, kdd)
            _content(agreement, rng, rng.randint(60, 120) if scale >= 0.5 else 8)
            approved = pilot.round.number <= 4
            first = freeze_version(agreement, VersionKind.PROPOSAL, kdd, label="Versjon 1")
            if approved:
                Agreement.objects.filter(pk=agreement.pk).update(state=AgreementState.APPROVED,
                                                                 approved_at=timezone.now())
                agreement.state = AgreementState.APPROVED
            _later_versions(agreement, first, c["versions"], rng, kdd)
            plan = ensure_plan(agreement, actor=kdd, year=2025)
            ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.ADOPTED, adopted_at=timezone.now())
            agreements.append(agreement)
            plans.append((plan, agreement))
        if (i + 1) % 10 == 0:
            say(f"  {i + 1} agreements with {c['versions']} versions each")
    with transaction.atomic():
        _measures(plans, c, rng)
        users = _people(pilots, c, make_password(str(uuid.uuid4())))
        _registry(pilots, c, rng, kdd)
        _log(agreements, users, c, rng)
    return c
