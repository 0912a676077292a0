"""The plans' event log: append-only and hash-chained, so read-only here too."""

from django.contrib import admin

from greenhouse_office.admin import ChainedEventAdmin
from taskforces.models import PlanEvent


@admin.register(PlanEvent)
class PlanEventAdmin(ChainedEventAdmin):
    chain_field = "plan"
