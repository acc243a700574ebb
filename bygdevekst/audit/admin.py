from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from bygdevekst.core.admin import ReadOnlyAdmin

from .describe import describe
from .labels import label_for
from .models import ActionLog


@admin.register(ActionLog)
class ActionLogAdmin(ReadOnlyAdmin):
    """Read-only: the log is append-only, so the admin may look but never add, change or delete."""

    list_display = ["timestamp", "actor", "what", "object_repr", "ip_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["action", "object_repr", "actor__username"]
    date_hierarchy = "timestamp"
    list_select_related = ["actor"]

    @admin.display(description=_("Action"))
    def what(self, obj):
        return label_for(obj.action)

    @admin.display(description=_("What happened"))
    def in_words(self, obj):
        description = describe(obj)
        return " · ".join([description.sentence] + [f"{label}: {text}" for label, text in description.details])

    def get_readonly_fields(self, request, obj=None):
        # The description in words first; the stored fields (code, data) stay visible for those who audit the rows.
        return ["in_words"] + super().get_readonly_fields(request, obj)
