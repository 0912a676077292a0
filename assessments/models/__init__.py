from .auditors import Engagement, IndependentAuditor

__all__ = ["Engagement", "IndependentAuditor"]
