"""One service per legal act (HackSoft style). Everything that changes an application calls these."""

from .applications import (
    answer_amendment_request,
    create_application,
    may_amend,
    may_apply,
    update_application,
    upload_document,
)
from .comments import (
    comments_open,
    consider_comment,
    consider_comments,
    moderate_comment,
    record_comment,
    redact_comment,
)
from .decision import decision_document, issue_decision
from .directions import direct_assessment, may_direct
from .executor import Outcome
from .office_documents import issue_office_document, office_document
from .register import record_register_change
from .withheld import determine_withheld
from .workflow import (
    approve,
    close_comments,
    commission_evaluation,
    decide,
    give_advice,
    lodge,
    publish_for_comment,
    record_evaluation,
    refuse,
    return_for_amendment,
    withdraw,
)

__all__ = [
    "Outcome",
    "approve",
    "answer_amendment_request",
    "close_comments",
    "commission_evaluation",
    "comments_open",
    "consider_comment",
    "consider_comments",
    "create_application",
    "decide",
    "decision_document",
    "determine_withheld",
    "direct_assessment",
    "give_advice",
    "issue_decision",
    "issue_office_document",
    "lodge",
    "may_amend",
    "may_apply",
    "may_direct",
    "office_document",
    "publish_for_comment",
    "moderate_comment",
    "record_comment",
    "redact_comment",
    "record_evaluation",
    "record_register_change",
    "refuse",
    "return_for_amendment",
    "update_application",
    "upload_document",
    "withdraw",
]
