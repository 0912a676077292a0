"""The event log: append-only and hash-chained, so read-only here too."""

from django.contrib import admin

from assessments.models import ApplicationEvent
from greenhouse_office.admin import ChainedEventAdmin


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ChainedEventAdmin):
    chain_field = "application"
