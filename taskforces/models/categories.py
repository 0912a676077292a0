"""The Kyoto Protocol's Annex A source categories as rows, so taskforces and plans can refer to them.

The list itself is the statute's (``greenhouse_office.statute.source_categories``): migration 0002
copies it here, and a test keeps the two the same. Targets (s8) name the category by its code.
"""

from django.db import models


class SourceCategory(models.Model):
    """One Annex A "sector/source category", e.g. Energy, fuel combustion: Transport (1.A.3)."""

    code = models.CharField(max_length=8, unique=True, help_text="The IPCC reporting code, e.g. 1.A.3.")
    sector = models.CharField(max_length=80)
    name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(help_text="Annex A's order.")

    class Meta:
        ordering = ["position"]
        verbose_name_plural = "source categories"

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        return f"{self.sector}: {self.name}"

    def targets(self):
        """The targets set for this category (s8(2)(a)), earliest period first."""
        from greenhouse_office.emission_targets import EmissionTarget

        return EmissionTarget.objects.filter(source_category=self.code).order_by("starts_on")


def sync_source_categories(*, apps=None, using: str = "default", **kwargs) -> None:
    """Make the rows Annex A as the statute lists it (migration 0002, and after every migrate or flush,
    so a test database emptied by a flush has them again, as the role groups do)."""
    from django.apps import apps as global_apps

    from greenhouse_office.statute.source_categories import SOURCE_CATEGORIES

    try:
        model = (apps or global_apps).get_model("taskforces", "SourceCategory")
    except LookupError:  # not migrated yet
        return
    for position, category in enumerate(SOURCE_CATEGORIES.values(), start=1):
        model.objects.using(using).update_or_create(
            code=category.code,
            defaults={"sector": category.sector, "name": category.name, "position": position},
        )
