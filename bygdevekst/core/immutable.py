"""One base for querysets whose rows are fixed once they reach a state (a frozen plan, a published
response, a submitted report, a version, the action log).

A model's save() and delete() guard one row; bulk update() and delete() on a queryset bypass them, so
the queryset refuses too when any row it would touch is fixed."""

from django.db import models


class ImmutableOnceQuerySet(models.QuerySet):
    """Subclasses say which rows are fixed and what to raise:

    - `fixed` — lookups (as for filter()) matching the fixed rows; None means every row is fixed;
    - `error` — the exception class, raised with `message`;
    - `updatable` — True if update() stays allowed (only delete() is refused)."""

    fixed = None
    error = Exception
    message = "These rows are immutable"
    updatable = False

    def _refuse_fixed(self):
        if self.fixed is None or self.filter(**self.fixed).exists():
            raise self.error(self.message)

    def update(self, **kwargs):
        if not self.updatable:
            self._refuse_fixed()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_fixed()
        return super().delete()
