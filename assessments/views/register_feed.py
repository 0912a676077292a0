"""/feed.atom: an Atom feed of new notices (publication for comment, s33) and decisions (s30, s42(1))."""

from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from assessments import selectors
from assessments.public_decisions import public_decision
from greenhouse_office import statute
from greenhouse_office.statute.config import LEGAL_TIME_ZONE

ENTRIES = 50  # of each kind, newest first


class NoticesAndDecisionsFeed(Feed):
    feed_type = Atom1Feed
    title = "Greenhouse Office: notices and decisions"
    subtitle = (
        "Greenhouse Impact Assessments published for public comment (s33) and the Minister's decisions (s30)."
    )

    def link(self):
        return reverse("register:assessments")

    def items(self):
        notices = [
            {"kind": "notice", "application": a, "at": _moment(a)}
            for a in selectors.register_of_assessments().order_by("-internet_published_on", "-pk")[:ENTRIES]
        ]
        decisions = [
            {"kind": "decision", "application": a, "at": a.decided_at, "decision": public_decision(a)}
            for a in selectors.published_decisions()[:ENTRIES]
        ]
        entries = [entry for entry in notices + decisions if entry["at"] is not None]
        return sorted(entries, key=lambda entry: entry["at"], reverse=True)[:ENTRIES]

    def item_title(self, item):
        application = item["application"]
        if item["kind"] == "notice":
            return f"Open for comment: {application.reference} {application.title}"
        return f"{item['decision'].outcome}: {application.reference} {application.title}"

    def item_description(self, item):
        application = item["application"]
        if item["kind"] == "notice":
            closing = statute.format_day(application.closing_day) if application.closing_day else "-"
            return (
                f"{application.organisation.name}'s Greenhouse Impact Assessment and its independent "
                f"evaluation are published for comment; comments close on {closing}."
            )
        decision = item["decision"]
        return f"The Minister decided on {decision.decided_on_words}: {decision.outcome.lower()}."

    def item_link(self, item):
        return reverse("register:assessment", kwargs={"reference": item["application"].reference})

    def item_guid(self, item):
        # An Atom id is an absolute IRI that never changes: the site's address, not the request's.
        return f"{settings.GREENHOUSE_SITE_URL}{self.item_link(item)}#{item['kind']}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item["at"]

    def item_updateddate(self, item):
        return item["at"]

    def item_author_name(self, item):
        return "Greenhouse Office" if item["kind"] == "notice" else "The Minister"


def _moment(application):
    """The notice's day as a moment (midnight in Canberra) for the feed's dates."""
    day = application.internet_published_on or application.gazette_date
    return None if day is None else datetime.combine(day, time(), tzinfo=LEGAL_TIME_ZONE)


feed = NoticesAndDecisionsFeed()
