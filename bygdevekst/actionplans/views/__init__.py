from .measures import budget_delete, budget_form, measure_delete, measure_form, measure_status
from .overview import overview, overview_export_csv, overview_export_xlsx
from .plan import (
    adopt,
    agreement_plan,
    export_docx,
    export_pdf,
    export_xlsx,
    import_view,
    measure_history,
    new_year,
    plan_detail,
    start_plan,
)
from .reports import goals, report_detail, report_meeting, report_submit, reports

__all__ = [
    "adopt", "agreement_plan", "budget_delete", "budget_form", "export_docx", "export_pdf", "export_xlsx", "goals",
    "import_view", "measure_delete", "measure_form", "measure_history", "measure_status", "new_year", "overview",
    "overview_export_csv", "overview_export_xlsx", "plan_detail", "report_detail", "report_meeting",
    "report_submit", "reports", "start_plan",
]
