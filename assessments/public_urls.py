"""The public site (included at ``""``): the register of assessments and each assessment's page
(s33), copies on request, and the other public registers (s34 comments, s42 decisions)."""

from django.urls import path

from assessments.views import open_data, register, register_comments, register_decisions, register_feed

app_name = "register"

urlpatterns = [
    path("assessments/", register.assessment_list, name="assessments"),
    path("assessments/<str:reference>/", register.assessment_detail, name="assessment"),
    path(
        "assessments/<str:reference>/documents/<int:document_pk>/",
        register.document_download,
        name="document",
    ),
    path("assessments/<str:reference>/notice.pdf", register.notice_download, name="notice"),
    path("assessments/<str:reference>/request-a-copy/", register.copy_request, name="copy-request"),
    path(
        "assessments/<str:reference>/request-a-copy/sent/",
        register.copy_request_sent,
        name="copy-request-sent",
    ),
    # s33(2)(c): written comments to the Director, until the closing day (AIA s36(2)).
    path("assessments/<str:reference>/comment/", register_comments.comment, name="comment"),
    path(
        "assessments/<str:reference>/comment/<str:comment>/received/",
        register_comments.comment_received,
        name="comment-received",
    ),
    # s42(1): the Minister's decisions, with the advice, findings and reasons; s35 directions.
    path("decisions/", register_decisions.decision_list, name="decisions"),
    path("decisions/<str:reference>/decision.pdf", register_decisions.decision_pdf, name="decision-pdf"),
    path("directions/", register_decisions.direction_list, name="directions"),
    # Open data: the registers as CSV and JSON, with their column dictionary; the Atom feed.
    path("open-data/", open_data.open_data, name="open-data"),
    path("open-data/<slug:register>.<str:extension>", open_data.download, name="open-data-download"),
    path("feed.atom", register_feed.feed, name="feed"),
]
