from django.urls import path

from . import public, views
from .transitions import STEPS

urlpatterns = [
    path("applications", views.ApplicationListView.as_view(), name="api-applications"),
    path("applications/<int:pk>", views.ApplicationDetailView.as_view(), name="api-application"),
    path(
        "applications/<int:pk>/documents", views.DocumentListView.as_view(), name="api-application-documents"
    ),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/download",
        views.DocumentDownloadView.as_view(),
        name="api-application-document",
    ),
    *[
        path(
            f"applications/<int:pk>/transitions/{name}",
            views.transition_view(name),
            name=f"api-application-{name.replace('_', '-')}",
        )
        for name in STEPS
    ],
    path(
        "applications/<int:pk>/transitions/<str:name>",
        views.UnknownTransitionView.as_view(),
        name="api-application-unknown-transition",
    ),
    path(
        "applications/<int:pk>/amendment-requests/<int:request_pk>/answer",
        views.AmendmentAnswerView.as_view(),
        name="api-amendment-answer",
    ),
    path("applications/<int:pk>/comments", views.CommentListView.as_view(), name="api-application-comments"),
    path(
        "applications/<int:pk>/comments/<int:comment_pk>",
        views.CommentDetailView.as_view(),
        name="api-application-comment",
    ),
    path("auditors", views.AuditorListView.as_view(), name="api-auditors"),
    path("directions", views.DirectionListView.as_view(), name="api-directions"),
    path("public/assessments", public.PublicAssessmentListView.as_view(), name="api-public-assessments"),
    path(
        "public/assessments/<int:pk>",
        public.PublicAssessmentDetailView.as_view(),
        name="api-public-assessment",
    ),
    path(
        "public/assessments/<int:pk>/comments",
        public.PublicCommentView.as_view(),
        name="api-public-assessment-comments",
    ),
    path(
        "public/assessments/<int:pk>/documents/<int:document_pk>/download",
        public.PublicDocumentView.as_view(),
        name="api-public-assessment-document",
    ),
]
