from django.views.generic import TemplateView

from greenhouse_office.access import roles_of


class HomeView(TemplateView):
    """The front door: tells each user group where to go."""

    template_name = "greenhouse_office/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["user_roles"] = [role.label for role in roles_of(self.request.user)]
        return context
