from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import JobRun, Organisation, User

admin.site.site_header = "Greenhouse Office"
admin.site.site_title = "Greenhouse Office staff"
admin.site.index_title = "Office administration"


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "abn", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "abn"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Organisation", {"fields": ["organisation"]}),
    )
    list_display = ["username", "first_name", "last_name", "organisation", "is_staff"]
    list_filter = [*DjangoUserAdmin.list_filter, "organisation"]
    list_select_related = ["organisation"]


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """Read-only: runs are written by the jobs themselves."""

    list_display = ["name", "started_at", "finished_at", "succeeded", "worker"]
    list_filter = ["name", "succeeded"]
    date_hierarchy = "started_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
