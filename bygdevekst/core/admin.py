"""Admin pieces shared by apps."""

from django.contrib import admin


class ReadOnlyDeliveryAdmin(admin.ModelAdmin):
    """The admin of a delivery log, where the operators read the technical text: look, never add, change or
    delete."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
