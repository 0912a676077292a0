"""Guards of the assessment workflow: pure predicates that also say why they refuse.

- Conditions (``Guard``) read only the application (and the day of the act); django-fsm-2 calls
  them as booleans and the executor asks ``guard.refusal(application, on=day)`` for the words.
- Permissions (``greenhouse_office.workflow.acts.Permission``) say who may run a transition, in
  words and as a predicate ``(application, user) -> bool`` built on ``greenhouse_office.access``.
- Payload checks ``*_refusals(...) -> list[str]`` judge what the actor supplies with a transition.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from greenhouse_office import access, clock, statute
from greenhouse_office.jurisdictions import StateOrTerritory
from greenhouse_office.roles import Role
from greenhouse_office.workflow.acts import permission
from greenhouse_office.workflow.guards import guard

# --- Conditions -----------------------------------------------------------------------------


@guard("limb_not_stated")
def states_the_limb(application, on: date) -> str | None:
    if not application.limb:
        return (
            "s31(1): say whether the action will or is likely to emit in excess of the threshold in any "
            "12 months (s31(1)(a)), inhibit the achievement of targets (s31(1)(b)), or both."
        )
    return None


@guard("no_emission_profile")
def has_emission_profile(application, on: date) -> str | None:
    if not (application.emission_profile or {}).get("months"):
        return "s31: add the action's emission profile (tonnes of each greenhouse gas by month)."
    return None


@guard("no_gia")
def has_gia_document(application, on: date) -> str | None:
    if not application.documents.filter(kind="gia", superseded_at__isnull=True).exists():
        return "s31(2): include the Greenhouse Impact Assessment with the application, as a PDF."
    return None


@guard("profile_warnings_unacknowledged")
def profile_warnings_acknowledged(application, on: date) -> str | None:
    # The warnings are the Office's data-quality checks (emission_profiles), not the Act's rules.
    from greenhouse_office.emission_profiles import stored_profile_warnings

    acknowledged = {a.get("code") for a in application.profile_acknowledgements or []}
    open_ = [w for w in stored_profile_warnings(application.emission_profile) if w.code not in acknowledged]
    if open_:
        listed = "; ".join(w.message for w in open_)
        return (
            f"s31: the emission profile has {len(open_)} warning{'s' if len(open_) != 1 else ''} of the "
            f"Office's data-quality checks not yet acknowledged: {listed} Acknowledge each with a short "
            "explanation (or correct the profile) before lodging."
        )
    return None


@guard("amendments_unanswered")
def amendment_requests_answered(application, on: date) -> str | None:
    open_requests = application.amendment_requests.filter(answered_at__isnull=True).count()
    if open_requests:
        return (
            f"Answer each of the Office's amendment requests before lodging again: {open_requests} "
            f"{'is' if open_requests == 1 else 'are'} still unanswered."
        )
    return None


@guard("no_evaluation", met_by_the_act=True)  # services.record_evaluation takes the PDF with the act
def has_evaluation_document(application, on: date) -> str | None:
    if not application.documents.filter(kind="evaluation").exists():
        return "s32(1): upload the independent environmental auditor's evaluation, as a PDF, first."
    return None


def comments_may_close_from(application) -> date:
    """s33(3), s34(a): the first day comments may be closed, the day after the closing day (or after
    the next business day, where AIA s36(2) moves the closing day past a weekend or holiday)."""
    return statute.effective_closing_day(application.closing_day) + timedelta(days=1)


@guard("closing_day_not_passed", satisfied_from=comments_may_close_from)
def closing_day_has_passed(application, on: date) -> str | None:
    if on < comments_may_close_from(application):
        last_day = statute.effective_closing_day(application.closing_day)
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


@guard("comments_not_considered")
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


@permission("Office staff", office=True)
def is_office_staff(application, user) -> bool:
    return access.is_office(user)


@permission("the Director (s32(2))", office=True)
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


@permission("the appointed auditor or Office staff", office=True)
def is_appointed_auditor_or_office_staff(application, user) -> bool:
    return is_appointed_auditor(application, user) or access.is_office(user)


@permission("Office staff", office=True)
def is_office_staff_or_system(application, user) -> bool:
    # None is the scheduled job acting for the Office.
    return user is None or access.is_office(user)


# --- Payload checks -------------------------------------------------------------------------


@dataclass(frozen=True)
class Disqualification:
    """One reason an auditor cannot be appointed for an application (s32(2))."""

    section: str  # "s32(2)(a)", "s32(2)(b)" or "s32(2)"
    fact: str  # short, for the auditor choice: "contract with X (the proponent) 1 July 2019 to 30 June 2021"
    rule: str  # the words of the rule it breaks
    detail: str = ""  # what the register says the engagement was

    def refusal(self, name: str) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return f"{self.section}: {name} cannot be appointed: {self.fact}{detail}. {self.rule}"


_NOT_EMPLOYED = (
    "An independent environmental auditor must not be employed by the proponent, the Commonwealth or a "
    "Commonwealth authority."
)


def _not_contracted(commencement: date, *, employment: bool = False) -> str:
    employment_too = " (a contract of employment is one)" if employment else ""
    return (
        "An independent environmental auditor must not, since the Act commenced "
        f"({statute.format_day(commencement)}), have provided services to the proponent, the Commonwealth or "
        f"a Commonwealth authority under or in connection with a contract{employment_too}."
    )


def _counterparty(application, organisation) -> str | None:
    """s32(2): the proponent, the Commonwealth or a Commonwealth authority, in words; else None."""
    from greenhouse_office.models import Organisation

    if organisation.pk == application.organisation_id:
        return f"{organisation} (the proponent)"
    if organisation.kind == Organisation.Kind.THE_COMMONWEALTH:
        return f"{organisation} (the Commonwealth)"
    if organisation.is_commonwealth:
        return f"{organisation} (a Commonwealth authority)"
    return None


def _engagement_disqualification(engagement, whom: str, on: date, commencement: date) -> Disqualification:
    from assessments.models import Engagement

    start, ended = statute.format_day(engagement.started_on), engagement.ended_on
    if engagement.started_on > on:
        period = f"from {start} (agreed, not yet begun)"
    else:
        period = f"{start} to {'now' if ended is None else statute.format_day(ended)}"
    if engagement.kind == Engagement.Kind.EMPLOYMENT:
        fact = f"employed by {whom} {period}"
        current = engagement.started_on <= on and (ended is None or ended >= on)
        rule = _NOT_EMPLOYED if current else _not_contracted(commencement, employment=True)
    else:
        fact, rule = f"contract with {whom} {period}", _not_contracted(commencement)
    return Disqualification("s32(2)", fact, rule, engagement.description)


def auditor_disqualifications(application, auditor, on: date) -> list[Disqualification]:
    """s32(2): every reason ``auditor`` cannot be appointed to evaluate ``application`` on day ``on``.

    The one rule behind the Director's appointment (``auditor_refusals``) and the auditor choice
    that shows each auditor's standing before anyone submits (``CommissionEvaluationForm``).

    Employment is a contract under which services are provided: an engagement (employment or
    contract) with the proponent, the Commonwealth or a Commonwealth authority disqualifies unless
    it ended before commencement, including one agreed but not yet begun. The Office's own
    engagements of auditors to evaluate under s32 (``Application.auditor``, not the register) do
    not count; any other service to the Commonwealth, a s24 consultancy included, does
    (docs/INTERPRETATION.md, "Independence and the clock").
    """
    found = []
    if not auditor.qualified_declared_on:
        found.append(
            Disqualification(
                "s32(2)(a)",
                "no declaration of qualifications to carry out environmental audits",
                "An independent environmental auditor must be qualified to carry out environmental audits.",
            )
        )
    if not auditor.fit_and_proper_declared_on:
        found.append(
            Disqualification(
                "s32(2)(b)",
                "no declaration of being a fit and proper person",
                "An independent environmental auditor must be a fit and proper person within s27 of the "
                "National Environment Protection Measures (Implementation) Act 1998.",
            )
        )
    commencement = statute.commencement()
    engagements = auditor.engagements.all()
    if "engagements" not in getattr(auditor, "_prefetched_objects_cache", {}):
        engagements = engagements.select_related("organisation")
    for engagement in engagements:
        whom = _counterparty(application, engagement.organisation)
        if whom is None or (engagement.ended_on is not None and engagement.ended_on < commencement):
            continue
        found.append(_engagement_disqualification(engagement, whom, on, commencement))
    return found


def auditor_refusals(application, auditor, on: date) -> list[str]:
    """s32(2): who may be appointed as the independent environmental auditor, as refusals."""
    name = str(auditor)
    return [reason.refusal(name) for reason in auditor_disqualifications(application, auditor, on)]


def publication_refusals(
    application,
    *,
    gazette_date,
    internet_published_on,
    closing_day,
    newspapers,
    notice_states,
    on: date,
    confirm_distant_closing_day: bool = False,
) -> list[str]:
    """s33(1), s33(3): the notices, their dates and the closing day, recorded on day ``on``.

    Each notice is dated on or after the day the evaluation was received (s33(1): "after receiving
    an evaluation") and not after ``on`` (a notice is recorded once published); a newspaper or
    Internet notice dated after the closing day is refused (its readers could not comment); a
    closing day far after the Gazette notice must be confirmed (likely a typing error).
    """
    refusals = []
    refusal = statute.closing_day_refusal(gazette_date, closing_day)
    if refusal:
        refusals.append(refusal)
    elif not confirm_distant_closing_day and (
        distant := statute.distant_closing_day_refusal(gazette_date, closing_day)
    ):
        refusals.append(distant)
    notices = [("the Gazette notice", gazette_date), ("the Internet notice", internet_published_on)]
    notices += [
        (f"the notice in {n['newspaper']} ({n['state_or_territory']})", n["published_on"]) for n in newspapers
    ]
    refusals += _notice_date_refusals(application, notices, closing_day=closing_day, on=on)
    refusals += _notice_state_refusals(notice_states, newspapers)
    return refusals


def _notice_date_refusals(application, notices, *, closing_day, on: date) -> list[str]:
    evaluated = application.evaluation_received_on
    refusals = []
    for what, published_on in notices:
        shown = f"{what[0].upper()}{what[1:]} is dated {statute.format_day(published_on)}"
        if evaluated and published_on < evaluated:
            refusals.append(
                f"s33(1): {what} is dated {statute.format_day(published_on)}, before the evaluation was "
                f"received ({statute.format_day(evaluated)}); the notices are published after receiving it."
            )
        elif published_on > on:
            refusals.append(
                f"{shown}, after the day this publication is recorded ({statute.format_day(on)}): record the "
                "notices once they have been published."
            )
        if what != "the Gazette notice" and published_on > closing_day:
            refusals.append(
                f"s33(2)(d)(ii): {what} is dated {statute.format_day(published_on)}, after the closing day "
                f"({statute.format_day(closing_day)}): its readers could not comment in time."
            )
    return refusals


def _notice_state_refusals(notice_states, newspapers) -> list[str]:
    """s33(1)(b)(ii): one newspaper notice for each State and Territory the Office names, and no other."""
    if not isinstance(notice_states, list) or not notice_states:
        return [
            "s33(1)(b)(ii): name the States and Territories likely to be affected by the proposed action "
            "(at least one)."
        ]
    unknown = [code for code in notice_states if code not in StateOrTerritory.values]
    if unknown:
        return [f"s33(1)(b)(ii): not a State or Territory: {', '.join(map(str, unknown))}."]
    refusals = []
    given = [notice["state_or_territory"] for notice in newspapers]
    duplicated = sorted({code for code in given if given.count(code) > 1})
    if duplicated:
        refusals.append(
            "s33(1)(b)(ii): give one newspaper notice per State or Territory; repeated: "
            f"{', '.join(duplicated)}."
        )
    missing = [code for code in notice_states if code not in given]
    if missing:
        refusals.append(
            "s33(1)(b)(ii): a notice must be published in a daily newspaper circulating in each State and "
            f"Territory likely to be affected; none is given for {', '.join(missing)}."
        )
    extra = sorted({code for code in given if code not in notice_states})
    if extra:
        refusals.append(
            f"s33(1)(b)(ii): a newspaper notice is given for {', '.join(extra)}, which is not named as "
            "likely to be affected: add it to the States and Territories likely to be affected, or leave "
            "its notice out."
        )
    return refusals


def publication_warnings(*, gazette_date, internet_published_on, closing_day, newspapers) -> list[str]:
    """Lawful but worth knowing: notices later than the Gazette shorten the time their readers have
    (s33(3) counts from the Gazette); a closing day more than a year away was confirmed."""
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
    if statute.distant_closing_day_refusal(gazette_date, closing_day):
        warnings.append(
            f"The closing day, {statute.format_day(closing_day)}, is more than a year after the Gazette "
            "notice; published as confirmed."
        )
    return warnings


def comment_received_refusals(application, received_at, at) -> list[str]:
    """s33(2)(c), s34(a): a comment recorded by staff was received after the notice invited it, and not
    after the moment it is recorded."""
    refusals = []
    published = [day for day in (application.gazette_date, application.internet_published_on) if day]
    first = min(published) if published else None
    received_on = clock.legal_day(received_at)
    if first and received_on < first:
        refusals.append(
            f"s33(2)(c): the comment is given as received on {statute.format_day(received_on)}, before the "
            f"notice inviting comments was published ({statute.format_day(first)}); check the day."
        )
    if received_at > at:
        refusals.append(
            f"The comment is given as received at {clock.moment(received_at):%H:%M on %d %B %Y}, after the "
            "moment it is recorded: a comment is recorded once it has been received."
        )
    return refusals


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
