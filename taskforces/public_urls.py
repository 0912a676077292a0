"""The public pages of Part 7 (included at ``/plans/``): the source categories with their task forces
and industry greenhouse plans (s36-s39), each published version's PDF and copies on request (s38).

A category is addressed by its Annex A code as inventories write it (``/plans/1.A.3/``)."""

from django.urls import path

from taskforces.views import public

app_name = "plans"

urlpatterns = [
    path("", public.plan_list, name="plans"),
    path("<str:code>/", public.plan_detail, name="plan"),
    path("<str:code>/v<int:number>.pdf", public.version_pdf, name="version-pdf"),
    path("<str:code>/request-a-copy/", public.copy_request, name="copy-request"),
    path("<str:code>/request-a-copy/sent/", public.copy_request_sent, name="copy-request-sent"),
]
