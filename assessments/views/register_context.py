"""Context for the sections other pages add to the public assessment page (register.py calls these).

Each returns a dict merged into the page's context; each must fetch in a fixed number of queries, and
each list is paged (an assessment may draw thousands of comments): its own page number in the query
string, so the ETag (greenhouse_office.public_pages, keyed by the full address) is one per page.
And ``cacheable``, the public pages' one caching rule (greenhouse_office.public_pages).
"""

from django.core.paginator import Paginator

from greenhouse_office.public_pages import cacheable

COMMENTS_PER_PAGE = 20
REPORT_ENTRIES_PER_PAGE = 10  # each quotes its comment (up to 20,000 characters) and its consideration
COMMENTS_PAGE = "page"  # the query-string parameters of the two lists
REPORT_PAGE = "report_page"


def comments_context(application, request) -> dict:
    """Whether comments are open (the service's rule), until when, and one page of the published
    comments (selectors.published_comments, the API's rule too): two queries whatever their number."""
    from assessments.selectors import published_comments
    from assessments.services.comments import comments_open, last_day_for_comments

    page = Paginator(published_comments(application), COMMENTS_PER_PAGE).get_page(
        request.GET.get(COMMENTS_PAGE)
    )
    return {
        "comments_open": comments_open(application),
        "comments_last_day": last_day_for_comments(application) if application.closing_day else None,
        "published_comments": page,
    }


def decision_context(application, request) -> dict:
    """The outcome, findings and reasons, and what is withheld (s42), with one page of the report on
    the comments (s34(b)): five queries at most."""
    from assessments.public_decisions import comments_for_report_page, public_comments_report, public_decision
    from assessments.selectors import withheld_of

    # Withheld items are listed before the decision too (a withheld GIA, say); fetched once.
    application.withheld = withheld_of(application)
    decision = public_decision(application)
    report_page = None
    if decision is not None and decision.comments_report is not None:
        report_page, comments = comments_for_report_page(
            application, request.GET.get(REPORT_PAGE), REPORT_ENTRIES_PER_PAGE
        )
        decision.comments_report = public_comments_report(application, comments)
    return {"decision": decision, "withheld": application.withheld, "report_page": report_page}


__all__ = ["cacheable", "comments_context", "decision_context"]
