"""The portal's pages (included at ``portal/``): the independent environmental auditor's and the
proponent's; the home, an application's page and its documents answer by role (views/portal.py)."""

from django.urls import path

from assessments.views import portal, portal_auditor, portal_lodging, portal_proponent

app_name = "portal"

urlpatterns = [
    path("", portal.home, name="home"),
    path("applications/<int:pk>/", portal.application_detail, name="application"),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/",
        portal.document_download,
        name="document",
    ),
    path("applications/<int:pk>/decision/", portal.decision, name="decision"),
    path("applications/<int:pk>/receipt/", portal.receipt, name="receipt"),
    path("applications/<int:pk>/notice/", portal.notice, name="notice"),
    path("directions/<int:pk>/direction.pdf", portal.direction, name="direction"),
    path("applications/new/", portal_lodging.start, name="lodging-start"),
    path(
        "applications/new/from-screening/", portal_lodging.start_from_screening, name="lodging-from-screening"
    ),
    path(
        "applications/<int:pk>/lodging/confirmation/",
        portal_lodging.confirmation,
        name="lodging-confirmation",
    ),
    path("applications/<int:pk>/lodging/<slug:step>/", portal_lodging.step, name="lodging-step"),
    path("applications/<int:pk>/lodge/", portal_proponent.lodge, name="lodge"),
    path("applications/<int:pk>/withdraw/", portal_proponent.withdraw, name="withdraw"),
    path(
        "applications/<int:pk>/amendment-requests/<int:request_pk>/",
        portal_proponent.answer,
        name="answer",
    ),
    path("register/", portal_auditor.register, name="register"),
]
