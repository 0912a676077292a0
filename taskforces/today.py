"""Part 7's section of the Office's today page (registered in ``TaskforcesConfig.ready`` with
``greenhouse_office.today``): every live duty of ss36-39, overdue first, linked to where it is done."""

from datetime import date

from taskforces.obligations import Status, live_obligations
from taskforces.services.duties import admin_link

TEMPLATE = "taskforces/admin/today_part7.html"


def part7_duties(today: date) -> dict:
    """The live Part 7 duties on ``today``, overdue first (three queries whatever the data)."""
    live = sorted(
        live_obligations(on=today),
        key=lambda o: (o.status != Status.OVERDUE, o.due_on, o.category.position, o.section),
    )
    rows = [{"obligation": o, "url": admin_link(o), "in_words": o.status_in_words(today)} for o in live]
    return {"title": "Part 7 duties", "section": "ss36-39", "rows": rows}
