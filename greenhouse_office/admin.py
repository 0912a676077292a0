from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from .abn import LENGTH as ABN_LENGTH
from .abn import ABNFormField
from .abn import normalise as normalise_abn
from .models import Email, JobRun, Organisation, OrganisationEvent, OrganisationInvitation, User
from .organisations import (
    DETAIL_FIELDS,
    details_of,
    membership_of,
    record_office_edit,
    record_office_membership_change,
)

admin.site.site_header = "Greenhouse Office"
admin.site.site_title = "Greenhouse Office staff"
admin.site.index_title = "Office administration"


class OrganisationAdminForm(forms.ModelForm):
    """The ABN as people type it (spaces allowed), checked by greenhouse_office.abn."""

    abn = ABNFormField(
        label="ABN",
        required=False,
        help_text="11 digits; spaces are allowed, e.g. 53 004 085 616. A body corporate must give its ABN.",
    )

    class Meta:
        model = Organisation
        fields = DETAIL_FIELDS  # the details an administrator keeps on the organisation page


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Who a proponent or firm is. The model's clean() holds the rules (a body corporate gives its ABN)."""

    form = OrganisationAdminForm
    list_display = ["name", "trading_name", "abn_display", "kind", "contact_name"]
    list_filter = ["kind", "state"]
    search_fields = ["name", "trading_name", "abn", "contact_name", "contact_email"]
    fieldsets = (
        (None, {"fields": ["name", "trading_name", "kind", "abn"]}),
        ("Postal address", {"fields": ["address_lines", "suburb", "state", "postcode"]}),
        ("Contact", {"fields": ["contact_name", "contact_email", "contact_phone"]}),
        ("Log", {"fields": ["log_link"]}),
    )
    readonly_fields = ["log_link"]

    def get_search_results(self, request, queryset, search_term):
        # "53 004 085 616" finds the ABN stored as 11 digits.
        digits = normalise_abn(search_term)
        if digits.isdigit() and len(digits) == ABN_LENGTH:
            search_term = digits
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description="ABN", ordering="abn")
    def abn_display(self, organisation: Organisation) -> str:
        return organisation.abn_formatted or "-"

    def save_model(self, request, obj, form, change):
        # Logged in the admin's transaction, as the administrator's own edits are.
        before = details_of(Organisation.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        record_office_edit(organisation=obj, by=request.user, before=before)

    @admin.display(description="Log")
    def log_link(self, organisation: Organisation) -> str:
        if organisation.pk is None:
            return "-"
        url = reverse("admin:greenhouse_office_organisationevent_changelist")
        return format_html(
            '<a href="{}?organisation__id__exact={}">Changes to {} and its people</a>',
            url,
            organisation.pk,
            organisation,
        )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Organisation", {"fields": ["organisation", "administers_organisation"]}),
    )
    list_display = ["username", "first_name", "last_name", "organisation", "is_staff"]
    list_filter = [*DjangoUserAdmin.list_filter, "organisation"]
    list_select_related = ["organisation"]

    def save_model(self, request, obj, form, change):
        before = membership_of(User.objects.get(pk=obj.pk)) if change else membership_of(User())
        super().save_model(request, obj, form, change)
        record_office_membership_change(user=obj, by=request.user, before=before)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the system's own acts and jobs: staff read them, never edit them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChainedEventAdmin(ReadOnlyAdmin):
    """A record's hash-chained event log (greenhouse_office.workflow.events.ChainedEvent), read-only.

    A subclass names its record's field as ``chain_field`` (``"application"``, ``"plan"``); the columns,
    filters and search follow from it.
    """

    chain_field = ""
    event_columns = [
        "sequence",
        "transition",
        "from_state",
        "to_state",
        "actor_name",
        "role",
        "section",
        "at",
    ]
    list_filter = ["transition", "role", "section"]
    date_hierarchy = "at"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.list_display = [cls.chain_field, *cls.event_columns, "hash_matches"]
        cls.list_select_related = [cls.chain_field]
        cls.search_fields = [f"{cls.chain_field}__title", "actor_name", "transition"]

    @admin.display(description="Hash matches its content", boolean=True)
    def hash_matches(self, event):
        return event.hash_matches()


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin):
    """Read-only: runs are written by the jobs themselves."""

    list_display = ["name", "started_at", "finished_at", "succeeded", "worker"]
    list_filter = ["name", "succeeded"]
    date_hierarchy = "started_at"


@admin.register(Email)
class EmailAdmin(ReadOnlyAdmin):
    """The outbox, read-only: emails are written by the acts and sent by the send task."""

    list_display = ["created_at", "template", "to", "subject", "status", "attempts", "sent_at", "record_link"]
    list_filter = ["status", "template"]
    search_fields = ["to", "subject", "event_hash"]
    date_hierarchy = "created_at"
    list_select_related = ["record_type"]
    fields = [
        "template",
        "to",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "claimed_at",
        "sent_at",
        "record_link",
        "event_hash",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("record")

    @admin.display(description="Record")
    def record_link(self, email: Email) -> str:
        record = email.record
        if record is None:
            return "-"
        meta = record._meta
        try:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
        except NoReverseMatch:  # a record kind without an admin page
            return str(record)
        return format_html('<a href="{}">{}</a>', url, record)


@admin.register(OrganisationInvitation)
class OrganisationInvitationAdmin(ReadOnlyAdmin):
    """Invitations into organisations, read-only: their administrators send and revoke them
    (greenhouse_office.organisations). Only a hash of each token is kept."""

    list_display = [
        "email",
        "organisation",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["organisation"]
    search_fields = ["email", "organisation__name"]
    list_select_related = ["organisation", "invited_by"]
    exclude = ["key"]


@admin.register(OrganisationEvent)
class OrganisationEventAdmin(ReadOnlyAdmin):
    """The organisations' log, read-only: written by their acts (greenhouse_office.organisations)."""

    list_display = ["at", "organisation", "change", "actor_name"]
    list_filter = ["change"]  # one organisation's: the link on its page
    search_fields = ["organisation__name", "actor_name"]
    date_hierarchy = "at"
    list_select_related = ["organisation"]
    fields = ["organisation", "change", "actor", "actor_name", "at", "before", "after"]
    readonly_fields = fields


# The s8 targets' pages (their own module, to keep this one small).
from . import admin_targets  # noqa: E402, F401
