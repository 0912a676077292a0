from django.views.generic import TemplateView

from greenhouse_office.roles import Role


class HomeView(TemplateView):
    """The front door: tells each user group where to go."""

    template_name = "greenhouse_office/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        held = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        context["user_roles"] = [role.label for role in Role if role.value in held]
        return context
