from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from .views import account, screening
from .views.health import healthz
from .views.home import HomeView

# The admin signs in through the site's sign-in page: one lockout, and TOTP, for every way in.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("screening/", screening.screening, name="screening"),
    path("screening/template.csv", screening.screening_template, name="screening-template"),
    path("healthz", healthz, name="healthz"),
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
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
