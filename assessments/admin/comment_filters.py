"""The comments list's filters, titled in the Act's words, each at most one query whatever the rows."""

from django.contrib import admin

from assessments.models import Application, Comment

APPLICATION_PARAMETER = "application__id__exact"  # the application's change page links "All N comments"


def titled(title: str, base=admin.BooleanFieldListFilter):
    """A field's own filter under the Act's words instead of the field's name."""

    class Titled(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    Titled.__name__ = f"Titled{base.__name__}"
    return Titled


MadeOnTimeFilter = titled("made on time (s34(a))")
ConsideredFilter = titled("considered (s34(a))")
ChannelFilter = titled("received by", admin.ChoicesFieldListFilter)


def chosen_application_id(request) -> int | None:
    value = request.GET.get(APPLICATION_PARAMETER, "")
    return int(value) if value.isdigit() else None


class ApplicationFilter(admin.SimpleListFilter):
    """The comments on one application. Lists only the chosen one: a list of every application
    would be thousands long; the application's change page links here."""

    title = "application"
    parameter_name = APPLICATION_PARAMETER

    def lookups(self, request, model_admin):
        pk = chosen_application_id(request)
        if pk is None:
            return []
        return [(str(app.pk), str(app)) for app in Application.objects.filter(pk=pk).only("title")]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(application_id=int(value)) if value.isdigit() else queryset.none()


NO_THEME = "-"


class ThemeFilter(admin.SimpleListFilter):
    """The themes of the s34(b) report given so far (of the chosen application, if one is)."""

    title = "theme (s34(b))"
    parameter_name = "theme"

    def lookups(self, request, model_admin):
        comments = Comment.objects.exclude(theme="")
        if (pk := chosen_application_id(request)) is not None:
            comments = comments.filter(application_id=pk)
        themes = comments.order_by("theme").values_list("theme", flat=True).distinct()
        return [(NO_THEME, "No theme yet"), *((theme, theme) for theme in themes)]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(theme="" if value == NO_THEME else value)


def themes_of(application_ids) -> list[str]:
    """The themes already given on these applications' comments, for the theme field's suggestions."""
    return list(
        Comment.objects.filter(application_id__in=list(application_ids))
        .exclude(theme="")
        .order_by("theme")
        .values_list("theme", flat=True)
        .distinct()
    )
