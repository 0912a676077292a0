"""Guards of the assessment workflow: pure predicates that also say why they refuse.

- Conditions (``Guard``) read only the application (and the day of the act); django-fsm-2 calls
  them as booleans and the executor asks ``guard.refusal(application, on=day)`` for the words.
- Permissions (``greenhouse_office.workflow.acts.Permission``) say who may run a transition, in
  words and as a predicate ``(application, user) -> bool`` built on ``greenhouse_office.access``.
- Payload checks ``*_refusals(...) -> list[str]`` judge what the actor supplies with a transition.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from greenhouse_office import access, clock, statute
from greenhouse_office.roles import Role
from greenhouse_office.workflow.acts import permission


@dataclass(frozen=True)
class Guard:
    code: str
    check: Callable[[object, date], str | None]  # None when satisfied

    def refusal(self, application, on: date | None = None) -> str | None:
        """Why the condition is not met on day ``on`` (default: today in Canberra), or None."""
        return self.check(application, clock.legal_day() if on is None else on)

    def __call__(self, application) -> bool:
        return self.refusal(application) is None


def _guard(code: str):
    def decorate(function):
        return Guard(code, function)

    return decorate


# --- Conditions -----------------------------------------------------------------------------


@_guard("limb_not_stated")
def states_the_limb(application, on: date) -> str | None:
    if not application.limb:
        return (
            "s31(1): say whether the action will or is likely to emit in excess of the threshold in any "
            "12 months (s31(1)(a)), inhibit the achievement of targets (s31(1)(b)), or both."
        )
    return None


@_guard("no_emission_profile")
def has_emission_profile(application, on: date) -> str | None:
    if not (application.emission_profile or {}).get("months"):
        return "s31: add the action's emission profile (tonnes of each greenhouse gas by month)."
    return None


@_guard("no_gia")
def has_gia_document(application, on: date) -> str | None:
    if not application.documents.filter(kind="gia").exists():
        return "s31(2): include the Greenhouse Impact Assessment with the application, as a PDF."
    return None


@_guard("amendments_unanswered")
def amendment_requests_answered(application, on: date) -> str | None:
    open_requests = application.amendment_requests.filter(answered_at__isnull=True).count()
    if open_requests:
        return (
            f"Answer each of the Office's amendment requests before lodging again: {open_requests} "
            f"{'is' if open_requests == 1 else 'are'} still unanswered."
        )
    return None


@_guard("no_evaluation")
def has_evaluation_document(application, on: date) -> str | None:
    if not application.documents.filter(kind="evaluation").exists():
        return "s32(1): upload the independent environmental auditor's evaluation, as a PDF, first."
    return None


@_guard("closing_day_not_passed")
def closing_day_has_passed(application, on: date) -> str | None:
    last_day = statute.effective_closing_day(application.closing_day)
    if on <= last_day:
        moved = (
            ""
            if last_day == application.closing_day
            else " (moved past a weekend or public holiday, AIA s36(2))"
        )
        return (
            f"s33(3), s34(a): comments may still be made until the closing day, "
            f"{statute.format_day(last_day)}{moved}; comments can be closed from the day after."
        )
    return None


@_guard("comments_not_considered")
def every_on_time_comment_considered(application, on: date) -> str | None:
    pending = application.comments.filter(on_time=True, considered=False).count()
    if pending:
        return (
            f"s34(a): the Office must consider every comment made on time; {pending} "
            f"{'has' if pending == 1 else 'have'} not been marked considered with a response."
        )
    return None


# --- Permissions ----------------------------------------------------------------------------


@permission("the proponent")
def is_the_proponent(application, user) -> bool:
    return access.is_proponent_of(user, application.organisation_id)


@permission("Office staff")
def is_office_staff(application, user) -> bool:
    return access.is_office(user)


@permission("the Director (s32(2))")
def is_director(application, user) -> bool:
    return access.is_director(user)


@permission("the Minister (s30)")
def is_minister(application, user) -> bool:
    return access.is_minister(user)


def is_appointed_auditor(application, user) -> bool:
    auditor = application.auditor
    return (
        access.has_role(user, Role.INDEPENDENT_AUDITOR) and auditor is not None and auditor.user_id == user.pk
    )


@permission("the appointed auditor or Office staff")
def is_appointed_auditor_or_office_staff(application, user) -> bool:
    return is_appointed_auditor(application, user) or access.is_office(user)


@permission("Office staff")
def is_office_staff_or_system(application, user) -> bool:
    # None is the scheduled job acting for the Office.
    return user is None or access.is_office(user)


# --- Payload checks -------------------------------------------------------------------------


def auditor_refusals(application, auditor, on: date) -> list[str]:
    """s32(2): who may be appointed as the independent environmental auditor."""
    from assessments.models import Engagement
    from greenhouse_office.models import Organisation

    name = str(auditor)
    refusals = []
    if not auditor.qualified_declared_on:
        refusals.append(
            f"s32(2)(a): {name} has not declared qualifications to carry out environmental audits."
        )
    if not auditor.fit_and_proper_declared_on:
        refusals.append(
            f"s32(2)(b): {name} has not declared being a fit and proper person (s27 of the National "
            "Environment Protection Measures (Implementation) Act 1998)."
        )
    commencement = statute.commencement()
    for engagement in auditor.engagements.select_related("organisation"):
        organisation = engagement.organisation
        if organisation.pk == application.organisation_id:
            whom = f"the proponent, {organisation}"
        elif organisation.kind == Organisation.Kind.COMMONWEALTH:
            whom = f"{organisation} (the Commonwealth or a Commonwealth authority)"
        else:
            continue
        ended = engagement.ended_on
        if (
            engagement.kind == Engagement.Kind.EMPLOYMENT
            and engagement.started_on <= on
            and (ended is None or ended >= on)
        ):
            refusals.append(f"s32(2): {name} is employed by {whom}.")
        if engagement.kind == Engagement.Kind.CONTRACT and (ended is None or ended >= commencement):
            refusals.append(
                f"s32(2): {name} has provided services under a contract to {whom} since the Act commenced "
                f"({statute.format_day(commencement)}): {engagement.started_on:%d %B %Y} to "
                f"{'now' if ended is None else ended.strftime('%d %B %Y')}."
            )
    return refusals


def publication_refusals(application, *, gazette_date, closing_day, newspapers) -> list[str]:
    """s33(1)(b), s33(3): the notices and the closing day."""
    refusals = []
    refusal = statute.closing_day_refusal(gazette_date, closing_day)
    if refusal:
        refusals.append(refusal)
    given = [notice["state_or_territory"] for notice in newspapers]
    duplicated = sorted({code for code in given if given.count(code) > 1})
    if duplicated:
        refusals.append(
            "s33(1)(b)(ii): give one newspaper notice per State or Territory; repeated: "
            f"{', '.join(duplicated)}."
        )
    missing = [code for code in application.affected_states if code not in given]
    if missing:
        refusals.append(
            "s33(1)(b)(ii): a notice must be published in a daily newspaper circulating in each State and "
            f"Territory likely to be affected; none is given for {', '.join(missing)}."
        )
    return refusals


def publication_warnings(*, gazette_date, internet_published_on, closing_day, newspapers) -> list[str]:
    """Notices later than the Gazette shorten the time their readers have (s33(3) counts from the Gazette)."""
    warnings = []
    later = [("the Internet notice", internet_published_on)] + [
        (f"the notice in {n['newspaper']} ({n['state_or_territory']})", n["published_on"]) for n in newspapers
    ]
    for what, published_on in later:
        if published_on and published_on > gazette_date:
            days = (published_on - gazette_date).days
            left = (closing_day - published_on).days
            warnings.append(
                f"{what[0].upper()}{what[1:]} is dated {statute.format_day(published_on)}, {days} "
                f"day{'s' if days != 1 else ''} after the Gazette notice: its readers have {days} "
                f"day{'s' if days != 1 else ''} less ({left} days to the closing day). "
                "s33(3) counts from the Gazette, so this is lawful."
            )
    return warnings


def decision_refusals(
    *, approving: bool, advice_considered, no_prudent_or_feasible_alternative, targets_not_prevented, reasons
) -> list[str]:
    """s30: what the Minister must be satisfied of to approve."""
    refusals = []
    if not (reasons or "").strip():
        refusals.append("s30: give the reasons for the decision.")
    if not approving:
        return refusals
    if not advice_considered:
        refusals.append(
            "s30: the Minister may approve only after considering the Greenhouse Office's advice."
        )
    if not no_prudent_or_feasible_alternative:
        refusals.append(
            "s30(c): the Minister may approve only if satisfied there is no prudent or feasible "
            "alternative to the action; refuse the application instead."
        )
    if not targets_not_prevented:
        refusals.append(
            "s30(d): the Minister may approve only if satisfied the action will not prevent Australia from "
            "achieving its targets; refuse the application instead."
        )
    return refusals
