"""The round's timeline (a Gantt of every pilot's milestones), laid out on the server for an SVG.

Each pilot gets one row; each of the round's milestones one mark on it, at the milestone's date, with its
status from status.milestone_status (R7: only a deadline can make a pilot late). A step that is done and
whose date we know (submitted_at, approved_at) also gets a mark on the day it was done. The table view
reads the same Mark objects, so the picture and the table cannot disagree.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from .enums import MilestoneKind
from .status import DONE, milestone_status

WIDTH = 860
LABEL_WIDTH = 200
PLOT_RIGHT = WIDTH - 20
TOP = 40
ROW_HEIGHT = 34
PAD_DAYS = 20


@dataclass
class Mark:
    milestone: object
    code: str
    label: str
    late: bool
    done_on: datetime.date | None
    x: int = 0
    done_x: int | None = None

    @property
    def days_late(self):
        if self.late and self.done_on:
            return (self.done_on - self.milestone.date).days
        return 0


@dataclass
class Row:
    pilot: object
    marks: list
    y: int = 0


@dataclass
class Timeline:
    round: object
    today: datetime.date
    rows: list
    start: datetime.date
    end: datetime.date
    ticks: list = field(default_factory=list)  # [(x, date)]
    today_x: float = 0
    today_outside: str = ""  # "" inside the range, "before" or "after"
    height: float = 0

    def counts(self):
        marks = [m for row in self.rows for m in row.marks]
        return {code: sum(1 for m in marks if m.code == code) for code in ("done", "due", "overdue", "expected")} | {
            "late": sum(1 for m in marks if m.late)}


def _local(dt):
    return timezone.localtime(dt).date() if dt is not None else None


def done_on(milestone, agreement):
    """The day a done step was done, where the agreement records it."""
    if agreement is None:
        return None
    if milestone.kind == MilestoneKind.PROPOSAL:
        return _local(agreement.submitted_at)
    if milestone.kind == MilestoneKind.APPROVAL:
        return _local(agreement.approved_at)
    return None


def _months(start, end):
    d = start.replace(day=1)
    while d <= end:
        if d >= start:
            yield d
        d = (d.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def build(round_, pilots, today=None):
    """pilots: from queries.pilots_for_overview(round_) (agreement and milestones prefetched)."""
    today = today or timezone.localdate()
    milestones = list(round_.milestones.all())
    rows = []
    for pilot in pilots:
        agreement = getattr(pilot, "agreement", None)
        marks = []
        for m in milestones:
            s = milestone_status(m, agreement, today)
            marks.append(Mark(m, s["code"], str(s["label"]), s["late"],
                              done_on(m, agreement) if s["code"] == DONE else None))
        rows.append(Row(pilot, marks))
    dates = [m.date for m in milestones] + [k.done_on for r in rows for k in r.marks if k.done_on]
    start = min(dates, default=today) - datetime.timedelta(days=PAD_DAYS)
    end = max(dates, default=today) + datetime.timedelta(days=PAD_DAYS)
    tl = Timeline(round_, today, rows, start, end)
    span = max((end - start).days, 1)

    def x(d):
        return round(LABEL_WIDTH + (PLOT_RIGHT - LABEL_WIDTH) * (d - start).days / span)

    for i, row in enumerate(rows):
        row.y = TOP + i * ROW_HEIGHT + ROW_HEIGHT // 2
        for mark in row.marks:
            mark.x = x(mark.milestone.date)
            mark.done_x = x(mark.done_on) if mark.done_on else None
    months = list(_months(start, end))
    step = 1 if len(months) <= 8 else 3 if len(months) <= 24 else 6
    tl.ticks = [(x(d), d) for d in months if (d.month - 1) % step == 0]
    tl.today_outside = "before" if today < start else "after" if today > end else ""
    tl.today_x = x(min(max(today, start), end))
    tl.height = TOP + len(rows) * ROW_HEIGHT + 10
    return tl
