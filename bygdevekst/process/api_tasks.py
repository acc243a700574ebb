"""GET /api/v1/tasks: what waits for the caller, oldest first — the front page's "My tasks" (process/todo.py)."""

import datetime

from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from bygdevekst.apierrors import PROBLEM_RESPONSES

from .todo import my_tasks

router = Router(tags=["tasks"])


class TaskOut(Schema):
    since: datetime.datetime | None
    text: str
    url: str


@router.get("/", response={200: list[TaskOut], **PROBLEM_RESPONSES})
@paginate(LimitOffsetPagination)
def list_tasks(request):
    """Each task says since when it has waited, what to do, and the page where it is done; the public has none."""
    return my_tasks(request.auth)
