"""The one WeasyPrint wrapper: a template under templates/pdf/ rendered to PDF bytes."""

from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``template_name`` with ``context`` to a PDF (A4 unless the template's @page says otherwise)."""
    from weasyprint import HTML  # heavy: imported only when a PDF is made

    return HTML(string=render_to_string(template_name, context)).write_pdf()
