"""The Minister's dashboard for Part 7: plans received and awaiting publication (s38), reviews due or
overdue (s39(1)), and the Minister's other Part 7 duties (s36(1)), each with its due day and status in
words. Only the Minister gets in (``minister_only``: 403 for others, every visit logged).

What is owed is ``taskforces.obligations``' to say; this view only sorts it into the three lists.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments.views.minister import minister_only
from greenhouse_office import clock
from greenhouse_office.roles import Role
from greenhouse_office.statute.parameters import Key, int_value
from taskforces.obligations import Status, live_obligations

PUBLICATION = "s38"
REVIEW = "s39(1)"


def _overdue_first(obligations):
    return sorted(obligations, key=lambda o: (o.status != Status.OVERDUE, o.due_on, o.category.position))


def _rows(obligations, today) -> list[dict]:
    return [{"obligation": o, "in_words": o.status_in_words(today)} for o in obligations]


@minister_only
@require_GET
def plans(request):
    """/minister/plans/: what Part 7 asks of the Minister today, overdue first."""
    today = clock.legal_day()
    live = _overdue_first(live_obligations(on=today))
    context = {
        "today": today,
        "warning_days": int_value(Key.PLAN_REVIEW_WARNING_DAYS, on=today),
        "publication": _rows([o for o in live if o.section == PUBLICATION], today),
        "reviews": _rows([o for o in live if o.section == REVIEW], today),
        "others": _rows(
            [o for o in live if Role.MINISTER in o.responsible and o.section not in (PUBLICATION, REVIEW)],
            today,
        ),
    }
    return render(request, "minister/plans.html", context)
