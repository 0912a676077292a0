"""The event log: append-only and hash-chained, so read-only here too."""

from django.contrib import admin

from assessments.models import ApplicationEvent
from greenhouse_office.admin import ReadOnlyAdmin


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ReadOnlyAdmin):
    list_display = [
        "application",
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
    list_select_related = ["application"]
    search_fields = ["application__title", "actor_name", "transition"]
    date_hierarchy = "at"

    @admin.display(description="Hash matches its content", boolean=True)
    def hash_matches(self, event):
        return event.hash == event.compute_hash()
