"""The Minister's dashboard (included at ``minister/``): the queue, each application's decision page,
the decision (s30) and its confirmation, the private downloads, directions (s35) and information
determinations (s42(2)-(4))."""

from django.urls import path

from assessments.views import minister, minister_opinions, minister_overview, minister_powers
from taskforces.views import minister as minister_plans

app_name = "minister"

urlpatterns = [
    path("", minister.queue, name="queue"),
    path("overview/", minister_overview.overview, name="overview"),
    path("applications/<int:pk>/", minister.decision_page, name="application"),
    path("applications/<int:pk>/advice.pdf", minister.advice_pdf, name="advice-pdf"),
    path("applications/<int:pk>/evaluation.pdf", minister.evaluation_pdf, name="evaluation-pdf"),
    path("applications/<int:pk>/decision.pdf", minister.decision_pdf, name="decision-pdf"),
    path("applications/<int:pk>/decided/", minister.decided, name="decided"),
    path("applications/<int:pk>/withhold/", minister_powers.withhold, name="withhold"),  # before <name>
    path("applications/<int:pk>/<str:name>/", minister.decide, name="decide"),
    path("directions/", minister_powers.directions, name="directions"),
    path("directions/new/", minister_powers.direction_new, name="direction-new"),
    path("directions/<int:pk>.pdf", minister_powers.direction_pdf, name="direction-pdf"),
    path("opinions/", minister_opinions.opinions, name="opinions"),  # s26, s29(2)
    path("opinions/new/", minister_opinions.opinion_new, name="opinion-new"),
    path("plans/", minister_plans.plans, name="plans"),  # ss36-39: Part 7 duties
]
