from .measure import BudgetLine, Measure, MeasureStatusChange
from .plan import ActionPlan, FrozenPlanError
from .report import FrozenReportError, ReportEntry, YearlyReport

__all__ = [
    "ActionPlan",
    "BudgetLine",
    "FrozenPlanError",
    "FrozenReportError",
    "Measure",
    "MeasureStatusChange",
    "ReportEntry",
    "YearlyReport",
]
