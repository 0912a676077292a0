"""The Minister's dashboard (included at ``minister/``): the queue, each application's decision page,
the decision (s30) and its confirmation, and the private downloads."""

from django.urls import path

from assessments.views import minister

app_name = "minister"

urlpatterns = [
    path("", minister.queue, name="queue"),
    path("applications/<int:pk>/", minister.decision_page, name="application"),
    path("applications/<int:pk>/advice.pdf", minister.advice_pdf, name="advice-pdf"),
    path("applications/<int:pk>/evaluation.pdf", minister.evaluation_pdf, name="evaluation-pdf"),
    path("applications/<int:pk>/decision.pdf", minister.decision_pdf, name="decision-pdf"),
    path("applications/<int:pk>/decided/", minister.decided, name="decided"),
    path("applications/<int:pk>/<str:name>/", minister.decide, name="decide"),
]
