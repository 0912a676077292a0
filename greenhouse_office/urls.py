from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from .api.errors import not_found as api_not_found
from .views import account, api_docs, screening
from .views.csp_report import csp_report
from .views.health import healthz
from .views.home import HomeView

# The admin signs in through the site's sign-in page: one lockout, and TOTP, for every way in.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("screening/", screening.screening, name="screening"),
    path("screening/template.csv", screening.screening_template, name="screening-template"),
    path("healthz", healthz, name="healthz"),
    path("csp-report/", csp_report, name="csp-report"),
    path("accounts/organisation/", include("greenhouse_office.organisation_urls", namespace="organisation")),
    path("accounts/", account.home, name="account-home"),
    path("accounts/api-tokens/", account.token_list, name="api-tokens"),
    path("accounts/api-tokens/<int:pk>/revoke/", account.revoke, name="api-token-revoke"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("portal/", include("assessments.urls")),
    path("minister/", include("assessments.minister_urls")),
    path("", include("assessments.public_urls")),
    path("plans/", include("taskforces.public_urls")),
    path("api/v1/", include("greenhouse_office.api.urls")),
    path("api/v1/", include("assessments.api.urls")),
    re_path(r"^api/v1/", api_not_found, name="api-not-found"),  # JSON, not the HTML 404 page
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs.swagger_ui, name="api-docs"),
    path("api/redoc/", api_docs.redoc, name="api-redoc"),
]
