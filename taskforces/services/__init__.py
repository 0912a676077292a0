"""One service per act of Part 7. Views, admin and jobs call these only."""

from .plans import begin_review, complete_review, give_to_minister, prepare_plan, publish, revise_draft

__all__ = ["begin_review", "complete_review", "give_to_minister", "prepare_plan", "publish", "revise_draft"]
