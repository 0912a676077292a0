from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from .views import screening
from .views.health import healthz
from .views.home import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("screening/", screening.screening, name="screening"),
    path("screening/template.csv", screening.screening_template, name="screening-template"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("portal/", include("assessments.urls")),
    path("api/v1/", include("greenhouse_office.api.urls")),
    path("api/v1/", include("assessments.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
