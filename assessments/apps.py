from django.apps import AppConfig

from greenhouse_office.roles import Role


class AssessmentsConfig(AppConfig):
    """Parts 5-6: applications for approval and their Greenhouse Impact Assessments."""

    name = "assessments"
    verbose_name = "Greenhouse Impact Assessments"
    # Codenames of this app's permissions each role holds (greenhouse_office.roles). The workflow in
    # the admin: read-only records; changes go through the acts' buttons, which call the services.
    role_permissions = {
        Role.OFFICE_STAFF: (
            "view_independentauditor",
            "view_engagement",
            "view_auditorevent",
            "view_application",
            "change_application",
            "view_document",
            "view_comment",
            "change_comment",
            "view_applicationevent",
            "view_newspapernotice",
            "view_amendmentrequest",
            "view_direction",
            "view_withheldinformation",
            "view_copyrequest",
            "change_copyrequest",
            "view_issuefailure",  # PDFs that failed to render; staff retry them
            "view_ministerialaccess",  # who opened which page of the Minister's dashboard
            "view_ministerialopinion",  # s26, s29(2): acknowledged through its service
        ),
        # s32(2): the Director appoints auditors, so keeps their register (Office staff read it).
        Role.DIRECTOR: (
            "appoint_independent_auditor",
            "add_independentauditor",
            "change_independentauditor",
            "add_engagement",
            "change_engagement",
        ),
    }
