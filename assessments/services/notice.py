"""s33(1)(b), s33(2): the text of the notice published in the Gazette, newspapers and on the Internet."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from assessments.models import Application
from greenhouse_office import statute


def public_url(application: Application) -> str:
    """The assessment's page on the public register: the address the notice and every email give."""
    return settings.GREENHOUSE_SITE_URL + reverse("register:assessment", args=[application.reference])


def notice_text(application: Application) -> str:
    """The notice: (a) a GIA and evaluation have been prepared; (b) how to obtain copies (the
    assessment's page, or on request); (c) an invitation to make written comments to the Director;
    (d) the address for lodgment and the closing day.
    """
    if not application.closing_day:
        return ""
    return render_to_string(
        "assessments/notice.txt",
        {
            "application": application,
            "public_url": public_url(application),
            "closing_day": statute.format_day(application.closing_day),
            "effective_closing_day": statute.format_day(
                statute.effective_closing_day(application.closing_day)
            ),
        },
    ).strip()
