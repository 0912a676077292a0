"""Which roles may use an endpoint at all; what they may do to an application is the services' call."""

from rest_framework.permissions import BasePermission

from greenhouse_office.access import is_office


class IsOffice(BasePermission):
    """Office staff or the Director."""

    message = "Only Office staff may do this."

    def has_permission(self, request, view) -> bool:
        return is_office(request.user)
