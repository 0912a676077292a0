"""The project's URLs plus the bench's baseline: a view that makes no database query."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from greenhouse_office.urls import urlpatterns as project_urlpatterns

TRIVIAL = "/bench/trivial"


@never_cache
def trivial(request):
    """The floor of every figure: the whole middleware stack, no query, a few bytes."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(TRIVIAL.lstrip("/"), trivial, name="bench-trivial"), *project_urlpatterns]
