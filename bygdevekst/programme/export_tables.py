"""What each round export holds: one Table builder per kind (see exports.py for the file formats).

Widths are in characters and chosen so that a sheet prints readably on A4 landscape at one page wide.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from bygdevekst.access.visibility import visible_entries
from bygdevekst.actionplans.overview import overview_data
from bygdevekst.process.domain.matrix import round_matrix

from .exports import Table
from .queries import pilots_for_overview
from .status import milestone_status


def _date(dt):
    return timezone.localtime(dt).date().isoformat() if dt else ""


def overview_table(round_, user):
    pilots = list(pilots_for_overview(round_))
    milestones = list(round_.milestones.all())
    columns = [(_("Pilot"), 24), (_("Municipalities"), 34), (_("County council"), 22), (_("Agreement"), 14),
               (_("Submitted"), 11)]
    columns += [(f"{m.title} ({m.date.isoformat()}, {m.get_nature_display()})", 18) for m in milestones]
    rows = []
    for pilot in pilots:
        agreement = getattr(pilot, "agreement", None)
        cells = []
        for m in milestones:
            s = milestone_status(m, agreement)
            cells.append(str(s["label"]) + (f" ({_('late')})" if s["late"] else ""))
        rows.append([
            pilot.name, ", ".join(o.name for o in pilot.municipalities.all()), pilot.county_council.name,
            str(agreement.get_state_display()) if agreement else "", _date(agreement and agreement.submitted_at),
            *cells,
        ])
    return Table(_("Overview"), columns, rows)


def _yes(value):
    return _("yes") if value else _("no")


def matrix_table(round_, user):
    columns = [(_("Pilot"), 24), (_("Council"), 36), (_("Party"), 16), (_("Proposal approved"), 12),
               (_("Mandate"), 12), (_("Final approval"), 12), (_("Note"), 22)]
    rows = []
    for row in round_matrix(round_):
        for cell in row["cells"]:
            note = (_("exception") if cell["exception"] else _("rejected") if cell["rejected"]
                    else _("postponed") if cell["postponed"] else "")
            rows.append([row["pilot"].name, cell["organisation"].name,
                         _("main party") if cell["required"] else _("cooperation party"),
                         _yes(cell["proposal"]), _yes(cell["mandate"]), _yes(cell["final"]), note])
        rows.append([row["pilot"].name, _("The government"), _("main party"), "", "", _yes(row["government"]), ""])
    return Table(_("Anchoring matrix"), columns, rows)


def actionplans_table(round_, user):
    columns = [(_("Pilot"), 22), (_("Round"), 7), (_("Plan year"), 9), (_("Revision"), 8), (_("No."), 6),
               (_("Measure"), 36), (_("Focus areas"), 20), (_("Responsible"), 20), (_("Status"), 13),
               (_("Period"), 13), (_("Planned (NOK)"), 13), (_("Spent (NOK)"), 13)]
    rows = [[m.pilot.name, m.pilot.round.number, m.current_plan.year, m.current_plan.revision, m.number, m.title,
             "; ".join(m.focus_areas), m.responsible.name if m.responsible else "", str(m.get_status_display()),
             m.period_label, m.planned_total, m.spent_total] for m in overview_data(round_)["measures"]]
    return Table(_("Action plans"), columns, rows)


def cases_table(round_, user):
    columns = [(_("Case"), 11), (_("Case title"), 34), (_("Pilot"), 22), (_("Doc. no."), 7),
               (_("Registry date"), 11), (_("Type"), 16), (_("Title"), 44), (_("Status"), 12)]
    entries = (
        visible_entries(user)
        .filter(case__round=round_)
        .select_related("case__pilot")
        .order_by("case__year", "case__sequence", "number")
    )
    rows = [[e.case.number, e.case.title, e.case.pilot.name if e.case.pilot else "", e.number,
             e.registry_date.isoformat(), str(e.get_entry_type_display()), e.title, str(e.get_status_display())]
            for e in entries]
    return Table(_("Case log"), columns, rows)


KINDS = {"overview": overview_table, "matrix": matrix_table, "actionplans": actionplans_table,
         "cases": cases_table}
FILENAMES = {"overview": "oversikt", "matrix": "forankring", "actionplans": "handlingsplaner", "cases": "saker"}
