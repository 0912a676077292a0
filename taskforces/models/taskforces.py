"""s36: the task force the Minister appoints for each source category, its members and recommendations."""

from django.core.exceptions import ValidationError
from django.db import models


class Taskforce(models.Model):
    """s36(1): the task force for one source category, appointed by the Minister.

    Its functions are to prepare and give the Minister an industry greenhouse plan (s36(1)(a)), to make
    recommendations about the category's targets (s36(1)(b)), and any prescribed (s36(2)); it is
    constituted as the regulations say (s36(3)).
    """

    source_category = models.OneToOneField(
        "taskforces.SourceCategory", on_delete=models.PROTECT, related_name="taskforce"
    )
    name = models.CharField(max_length=200, help_text="e.g. 'Transport Greenhouse Taskforce'.")
    appointed_on = models.DateField(help_text="The day the Minister appointed it (s36(1)).")
    instrument = models.CharField(
        max_length=300, help_text="The Minister's instrument of appointment, as cited in the Gazette."
    )
    prescribed_functions = models.TextField(
        blank=True,
        help_text="Functions prescribed by the regulations besides the plan and recommendations (s36(2)), "
        "citing the regulation.",
    )
    constitution = models.TextField(
        blank=True,
        help_text="How the regulations constitute it and how it carries out its functions (s36(3)).",
    )
    dissolved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["source_category__position"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.dissolved_on and self.appointed_on and self.dissolved_on < self.appointed_on:
            raise ValidationError(
                {"dissolved_on": "A task force cannot be dissolved before it is appointed."}
            )


class TaskforceMember(models.Model):
    """A member of a task force, with the interests they declared (s36(3): as the regulations say)."""

    taskforce = models.ForeignKey(Taskforce, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    affiliation = models.CharField(
        max_length=200, blank=True, help_text="The body, industry or community group they come from."
    )
    interests = models.TextField(
        blank=True, help_text="Interests declared: holdings, employment, roles that touch the category."
    )
    appointed_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["taskforce", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.ended_on and self.appointed_on and self.ended_on < self.appointed_on:
            raise ValidationError({"ended_on": "Membership cannot end before it begins."})


class Recommendation(models.Model):
    """s36(1)(b): a recommendation to the Minister about achieving the category's targets."""

    taskforce = models.ForeignKey(Taskforce, on_delete=models.PROTECT, related_name="recommendations")
    made_on = models.DateField(help_text="The day the task force gave it to the Minister.")
    subject = models.CharField(max_length=200)
    text = models.TextField("recommendation")
    target = models.ForeignKey(
        "greenhouse_office.EmissionTarget",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The target (s8) it concerns, if one.",
    )
    response = models.TextField(blank=True, help_text="The Minister's response, when there is one.")

    class Meta:
        ordering = ["-made_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.taskforce}: {self.subject} ({self.made_on:%-d %B %Y})"

    def clean(self):
        if self.target_id and self.taskforce_id:
            code = self.taskforce.source_category.code
            if self.target.source_category and self.target.source_category != code:
                raise ValidationError({"target": f"The target is not one for {code} or the national total."})
