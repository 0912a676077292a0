"""One service per legal act (HackSoft style). Everything that changes an application calls these."""

from .applications import answer_amendment_request, create_application, update_application, upload_document
from .comments import consider_comment, record_comment
from .directions import direct_assessment
from .executor import Outcome, available_transitions
from .workflow import (
    close_comments,
    commission_evaluation,
    decide,
    give_advice,
    lodge,
    publish_for_comment,
    record_evaluation,
    return_for_amendment,
    withdraw,
)

__all__ = [
    "Outcome",
    "answer_amendment_request",
    "available_transitions",
    "close_comments",
    "commission_evaluation",
    "consider_comment",
    "create_application",
    "decide",
    "direct_assessment",
    "give_advice",
    "lodge",
    "publish_for_comment",
    "record_comment",
    "record_evaluation",
    "return_for_amendment",
    "update_application",
    "upload_document",
    "withdraw",
]
