"""The organisation's pages, at /accounts/organisation/ (namespace "organisation")."""

from django.urls import path

from .views import organisation

app_name = "organisation"

urlpatterns = [
    path("", organisation.detail, name="detail"),
    path("new/", organisation.create, name="create"),
    path("details/", organisation.edit, name="edit"),
    path("invitations/new/", organisation.invite, name="invite"),
    path("invitations/<int:pk>/revoke/", organisation.revoke, name="revoke"),
    # The emailed link; the token is 43 URL-safe characters, never "new".
    path("invitations/<slug:token>/", organisation.accept, name="accept"),
    path("members/<int:pk>/remove/", organisation.remove_member, name="remove-member"),
]
