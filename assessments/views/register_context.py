"""Context for the sections other pages add to the public assessment page (register.py calls these).

Each returns a dict merged into the page's context; each must fetch in a fixed number of queries.
And ``cacheable``, the public pages' one caching rule (greenhouse_office.public_pages).
"""

from greenhouse_office.public_pages import cacheable


def comments_context(application, request) -> dict:
    """Whether comments are open (the service's rule), until when, and the published comments
    (selectors.published_comments, the API's rule too): one query whatever their number."""
    from assessments.selectors import published_comments
    from assessments.services.comments import comments_open, last_day_for_comments

    return {
        "comments_open": comments_open(application),
        "comments_last_day": last_day_for_comments(application) if application.closing_day else None,
        "published_comments": list(published_comments(application)),
    }


def decision_context(application) -> dict:
    """The outcome, findings and reasons, and what is withheld (s42): four queries at most."""
    from assessments.public_decisions import comments_for_reports, public_decision
    from assessments.selectors import withheld_of

    # Withheld items are listed before the decision too (a withheld GIA, say); fetched once.
    application.withheld = withheld_of(application)
    decision = public_decision(application)
    if decision is not None and decision.comments_report is not None:
        comments = comments_for_reports([application.pk])[application.pk]
        decision = public_decision(application, comments)
    return {"decision": decision, "withheld": application.withheld}


__all__ = ["cacheable", "comments_context", "decision_context"]
