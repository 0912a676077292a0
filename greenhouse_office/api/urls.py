from django.urls import path

from . import tokens, views

urlpatterns = [
    path("auth/token", tokens.TokenView.as_view(), name="api-token"),
    path("rules/comment-period", views.CommentPeriodView.as_view(), name="rules-comment-period"),
    path(
        "rules/evaluation-deadline", views.EvaluationDeadlineView.as_view(), name="rules-evaluation-deadline"
    ),
    path("rules/penalties", views.PenaltyView.as_view(), name="rules-penalties"),
    path("screening", views.ScreeningView.as_view(), name="screening-api"),
]
