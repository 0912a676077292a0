from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from greenhouse_office.access import roles_of
from greenhouse_office.public_pages import public_page


# The same for everyone not signed in: nothing from the database, so its version is the day and hour.
@method_decorator(public_page(), name="dispatch")
class HomeView(TemplateView):
    """The front door: tells each user group where to go."""

    template_name = "greenhouse_office/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["user_roles"] = [role.label for role in roles_of(self.request.user)]
        return context
