"""The plans' event log: append-only and hash-chained, so read-only here too."""

from django.contrib import admin

from greenhouse_office.admin import ReadOnlyAdmin
from taskforces.models import PlanEvent


@admin.register(PlanEvent)
class PlanEventAdmin(ReadOnlyAdmin):
    list_display = [
        "plan",
        "sequence",
        "transition",
        "from_state",
        "to_state",
        "actor_name",
        "role",
        "section",
        "at",
        "hash_matches",
    ]
    list_filter = ["transition", "role", "section"]
    list_select_related = ["plan"]
    search_fields = ["plan__title", "actor_name", "transition"]
    date_hierarchy = "at"

    @admin.display(description="Hash matches its content", boolean=True)
    def hash_matches(self, event):
        return event.hash_matches()
