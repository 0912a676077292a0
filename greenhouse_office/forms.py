from django import forms
from django.core.exceptions import ValidationError

from greenhouse_office import statute
from greenhouse_office.emission_profiles import MAX_CSV_BYTES, parse_csv
from greenhouse_office.statute.gwp import gwp_periods_in_words


class ScreeningForm(forms.Form):
    """'Do I need approval?': a monthly emission profile as pasted or uploaded CSV."""

    gwp_set = forms.ChoiceField(
        label="Global warming potentials",
        choices=[
            ("", "The sets in force for each month (the legal answer)"),
            *[
                (name, f"Compare: {name} ({s.report}) for every month")
                for name, s in statute.GWP_SETS.items()
            ],
        ],
        required=False,
        initial="",
        help_text="The Act counts each month with the set in force for it (Kyoto Protocol Article 5(3)): "
        f"{gwp_periods_in_words()}. Choose one set only to compare.",
    )
    csv_text = forms.CharField(
        label="Paste your monthly emissions (CSV)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text="First row: month, then one column per gas, e.g. month,CO2,CH4. Tonnes of each gas.",
    )
    csv_file = forms.FileField(
        label="Or upload a CSV file",
        required=False,
        help_text="The same layout as the template. At most 1 MB.",
    )

    def clean_csv_file(self):
        upload = self.cleaned_data.get("csv_file")
        if upload is None:
            return None
        if upload.size > MAX_CSV_BYTES:
            raise ValidationError("The file is larger than 1 MB; a monthly profile is much smaller.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(
                "The file is not a CSV text file (UTF-8); save it as CSV and try again."
            ) from error

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("csv_file") or cleaned.get("csv_text")
        if self.errors:
            return cleaned
        if not text or not text.strip():
            raise ValidationError("Paste your monthly emissions or upload a CSV file.")
        parsed = parse_csv(text)
        if parsed.errors:
            raise ValidationError(parsed.errors)
        cleaned["profile"] = parsed.profile
        return cleaned
