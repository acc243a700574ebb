"""Row parsers for the measures and budget sheets (the layout itself is in spreadsheet.py)."""

import uuid

from django.utils.translation import gettext as _

from bygdevekst.organisations.enums import OrganisationKind

from . import limits
from .enums import FundingSource, MeasureStatus
from .spreadsheet import (
    SHEET_MEASURES,
    SOURCE_LABELS,
    STATUS_LABELS,
    YEARS,
    _file_problem,
    _int,
    _split,
    _text,
    sub_goal_codes,
)


def _fail(message):
    raise ValueError(message)


def _limited(text, limit):
    if len(text) > limit:
        raise ValueError(limits.too_long(limit))
    return text


def _parties(agreement):
    """name (and short name), lower-cased → Organisation, for the agreement's parties."""
    by_name = {}
    for party in agreement.parties.select_related("organisation"):
        org = party.organisation
        for name in (org.name, org.short_name):
            if name:
                by_name[name.strip().lower()] = org
    return by_name


def _lookup_party(parties, name):
    org = parties.get(name.strip().lower())
    if org is None:
        raise ValueError(_("“%(name)s” is not a party to the agreement.") % {"name": name})
    return org


def _choice(labels, value, what):
    text = _text(value)
    if not text:
        return None
    for code, label in labels.items():
        if text.lower() in (label.lower(), str(code)):
            return str(code)
    raise ValueError(_("unknown %(what)s “%(value)s”; use one of: %(choices)s.")
                     % {"what": what, "value": text, "choices": ", ".join(labels.values())})


def parse_measures(sheet, agreement, parsed):
    """Fill parsed.measures; return {number: measure dict} for the budget sheet."""
    codes = sub_goal_codes(agreement.pk)
    uid_by_code = {code: uid for uid, code in codes.items()}
    parties = _parties(agreement)
    by_number, seen_uids = {}, set()
    year = lambda v: _int(v, low=YEARS[0], high=YEARS[1]) if _text(v) else None  # noqa: E731
    quarter = lambda v: _int(v, low=1, high=4) if _text(v) else None  # noqa: E731

    def sub_goals(row):
        uids = _split(row[1]["sub_goal_uids"])
        if uids:
            for u in uids:
                if u not in codes:
                    raise ValueError(_("unknown sub-goal “%(value)s”.") % {"value": u})
            return sorted(set(uids))
        return None

    def sub_goal_from_codes(value):
        result = []
        for code in _split(value):
            if code not in uid_by_code:
                raise ValueError(_("unknown sub-goal “%(value)s”; the agreement has %(codes)s.")
                                 % {"value": code, "codes": ", ".join(uid_by_code) or "–"})
            result.append(uid_by_code[code])
        return sorted(set(result))

    def measure_uid(value):
        text = _text(value)
        if not text:
            return str(uuid.uuid4())
        try:
            return str(uuid.UUID(text))
        except ValueError:
            raise ValueError(_("“%(value)s” is not a measure id.") % {"value": text}) from None

    for row in sheet.rows():
        number = sheet.cell(row, "number", lambda v: _int(v, low=1, high=9999))
        if number is not None and number in by_number:
            sheet.error(row, "number", _("the number %(number)s is used twice.") % {"number": number})
        title = sheet.cell(row, "title", lambda v: _limited(_text(v), 300) or _fail(_("a measure needs a title.")))
        description = sheet.cell(row, "description", lambda v: _limited(_text(v), limits.MAX_DESCRIPTION))
        uids = sheet.cell(row, "sub_goal_uids", lambda v, r=row: sub_goals(r))
        if uids is None:
            uids = sheet.cell(row, "sub_goal_codes", sub_goal_from_codes) or []
        responsible = sheet.cell(row, "responsible", lambda v: _lookup_party(parties, _text(v)) if _text(v) else None)
        cooperation = sheet.cell(row, "cooperation", lambda v: [_lookup_party(parties, n) for n in _split(v)]) or []
        start_year = sheet.cell(row, "start_year", year)
        start_quarter = sheet.cell(row, "start_quarter", quarter)
        end_year = sheet.cell(row, "end_year", year)
        end_quarter = sheet.cell(row, "end_quarter", quarter)
        if start_year and end_year and (end_year, end_quarter or 4) < (start_year, start_quarter or 1):
            sheet.error(row, "end_year", _("the measure ends before it starts."))
        status = sheet.cell(row, "status", lambda v: _choice(STATUS_LABELS, v, _("status")))
        uid = sheet.cell(row, "uid", measure_uid)
        if uid in seen_uids:
            sheet.error(row, "uid", _("the measure id is used twice."))
        seen_uids.add(uid)
        data = {
            "uid": uid,
            "number": number,
            "title": title or "",
            "description": description or "",
            "sub_goal_uids": uids,
            "responsible": responsible.pk if responsible else None,
            "cooperation": sorted({o.pk for o in cooperation}),
            "start_year": start_year,
            "start_quarter": start_quarter,
            "end_year": end_year,
            "end_quarter": end_quarter,
            "indicator": sheet.cell(row, "indicator", lambda v: _limited(_text(v), 500)) or "",
            "baseline": sheet.cell(row, "baseline", lambda v: _limited(_text(v), 200)) or "",
            "target": sheet.cell(row, "target", lambda v: _limited(_text(v), 200)) or "",
            "status": status or MeasureStatus.NOT_STARTED.value,
            "budget": [],
        }
        parsed.measures.append(data)
        if number is not None:
            by_number[number] = data
    if len(parsed.measures) > limits.MAX_MEASURES:
        parsed.problems.append(_file_problem(limits.too_many_measures(len(parsed.measures))))
    parsed.measures.sort(key=lambda m: m["number"] or 0)
    return by_number


def parse_budget(sheet, agreement, parsed, measures_by_number):
    parties = _parties(agreement)
    seen = set()
    for row in sheet.rows():
        number = sheet.cell(row, "measure", lambda v: _int(v, low=1))
        if number is not None and number not in measures_by_number:
            sheet.error(row, "measure", _("there is no measure number %(number)s in the sheet “%(sheet)s”.")
                        % {"number": number, "sheet": SHEET_MEASURES})
            number = None
        year = sheet.cell(row, "year", lambda v: _int(v, low=YEARS[0], high=YEARS[1]))
        source = sheet.cell(row, "source", lambda v: _choice(SOURCE_LABELS, v, _("financing source"))
                            or _fail(_("the financing source is missing.")))

        def organisation(value, source=source):
            name = _text(value)
            if source == FundingSource.MUNICIPALITY:
                if not name:
                    raise ValueError(_("name the municipality whose own share this is."))
                org = _lookup_party(parties, name)
                if org.kind != OrganisationKind.MUNICIPALITY:
                    raise ValueError(_("“%(name)s” is not a municipality.") % {"name": name})
                return org
            if name:
                raise ValueError(_("a municipality is named only for a municipality's own share."))
            return None

        org = sheet.cell(row, "organisation", organisation)
        planned = sheet.cell(row, "planned", lambda v: _int(v, low=0) if _text(v) else 0)
        spent = sheet.cell(row, "spent", lambda v: _int(v, low=0) if _text(v) else 0)
        key = (number, year, source, org.pk if org else None)
        if None not in (number, year, source) and key in seen:
            sheet.error(row, "source", _("this measure, year and source appear twice."))
        seen.add(key)
        if number is not None and None not in (year, source, planned, spent):
            measures_by_number[number]["budget"].append(
                {"year": year, "source": source, "organisation": org.pk if org else None,
                 "planned": planned, "spent": spent}
            )
    from .domain.snapshot import budget_key

    for m in parsed.measures:
        m["budget"].sort(key=budget_key)

