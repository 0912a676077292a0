"""The Office's transition buttons on an application: the workflow core's admin console
(greenhouse_office.workflow.admin_console) over ``APPLICATION_ACTS``. The Minister's decision (s30)
has no admin form."""

from assessments.acts import APPLICATION_ACTS
from assessments.errors import AssessmentError
from assessments.services.workflow import comments_report
from greenhouse_office.workflow.admin_console import ActConsole


class ApplicationConsole(ActConsole):
    def name_of(self, application) -> str:
        return application.reference

    def may_run(self, model_admin, request, application) -> bool:
        return model_admin.may_run_steps(request, application)

    def extra_context(self, act, application) -> dict:
        return {
            "documents": application.documents.select_related("uploaded_by"),
            "comments_report": comments_report(application) if act.name == "give_advice" else "",
        }


CONSOLE = ApplicationConsole(
    registry=APPLICATION_ACTS,
    error=AssessmentError,
    act_url="admin:assessments_application_transition",
    change_url="admin:assessments_application_change",
    template="assessments/admin/transition_form.html",
    form_keyword="application",
    aliases={"file": "evaluation"},  # upload_document's field is the form's evaluation PDF
)
office_acts = CONSOLE.office_acts
office_buttons = CONSOLE.buttons
transition_view = CONSOLE.view
