"""s33(1)(b), s33(2): the text of the notice published in the Gazette, newspapers and on the Internet."""

from django.template.loader import render_to_string

from assessments.models import Application
from greenhouse_office import statute


def notice_text(application: Application, public_url: str) -> str:
    """The notice: (a) a GIA and evaluation have been prepared; (b) how to obtain copies; (c) an
    invitation to make written comments to the Director; (d) the address for lodgment and the closing day.
    """
    if not application.closing_day:
        return ""
    return render_to_string(
        "assessments/notice.txt",
        {
            "application": application,
            "public_url": public_url,
            "closing_day": statute.format_day(application.closing_day),
            "effective_closing_day": statute.format_day(
                statute.effective_closing_day(application.closing_day)
            ),
        },
    ).strip()
