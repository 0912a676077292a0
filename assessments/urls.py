"""The portal's pages (included at ``portal/``): today the independent environmental auditor's."""

from django.urls import path

from assessments.views import portal_auditor

app_name = "portal"

urlpatterns = [
    path("", portal_auditor.home, name="home"),
    path("applications/<int:pk>/", portal_auditor.application_detail, name="application"),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/",
        portal_auditor.document_download,
        name="document",
    ),
    path("register/", portal_auditor.register, name="register"),
]
