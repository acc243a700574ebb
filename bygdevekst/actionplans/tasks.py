"""Long documents are rendered outside the request (django-tasks; `manage.py db_worker` in `make run`), so a plan
of any permitted size gets its PDF without holding a web worker past its timeout."""

from django_tasks import task


@task()
def render_plan_pdf(plan_id):
    from .exports import plan_pdf
    from .models import ActionPlan

    plan = ActionPlan.objects.select_related("agreement__pilot").filter(pk=plan_id).first()
    if plan is not None:  # (a draft revision may be gone by the time the worker gets to it)
        plan_pdf(plan)
