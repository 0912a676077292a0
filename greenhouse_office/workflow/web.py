"""Refusals on HTML pages and in the admin: one helper for every surface that is not the JSON API."""

from django.contrib import messages

from .errors import ActRefused


def show_refusal(request, error: ActRefused, form=None, *, aliases: dict | None = None) -> int:
    """Show each of the refusal's messages (the guard's words, citing the section) and its field errors.

    Field errors go on the form's fields (``aliases`` renames a service's field to the form's);
    the rest are page messages. Returns the HTTP status the page answers with.
    """
    on_form = set()
    if form is not None:
        for name, field_messages in error.field_errors.items():
            name = (aliases or {}).get(name, name)
            if name in form.fields:
                for message in field_messages:
                    form.add_error(name, message)
                on_form.add(name)
    for message in error.messages or [str(error)]:
        messages.error(request, message)
    shown = set(error.messages)
    for name, field_messages in error.field_errors.items():
        if (aliases or {}).get(name, name) not in on_form:
            for message in field_messages:
                if message not in shown:
                    messages.error(request, message)
    return error.status
