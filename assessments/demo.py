"""Demo applications in several states, walked there through the services as the demo people.

Used by ``seed_demo``. Idempotent: an application is identified by (organisation, title) and skipped
if present. The state is never written directly; each step is the service a person would use, run
at a plausible past moment (the services' ``at``): received, commissioned, evaluated within s32(1)'s
30 days, gazetted, a closing day two months later (s33(3)), closed by the scheduled job the day after
it, advised and decided. An approved application really had its comment period.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from assessments import services
from assessments.models import Application, Comment, IndependentAuditor, State
from greenhouse_office import clock, statute
from greenhouse_office.pdf import render_pdf
from greenhouse_office.statute.config import LEGAL_TIME_ZONE

from .suggestions import DAILY_NEWSPAPERS, DEFAULT_COMMENT_ADDRESS

# Where each target state lies on the main path; RETURNED and WITHDRAWN branch off after lodging.
PATH = [
    State.DRAFT,
    State.LODGED,
    State.EVALUATION_COMMISSIONED,
    State.EVALUATED,
    State.OPEN_FOR_COMMENT,
    State.COMMENTS_CLOSED,
    State.ADVICE_GIVEN,
    State.APPROVED,
]
SEASONAL = [
    Decimal(f) for f in ("1.04", "1.02", "1.00", "0.97", "0.95", "0.93", "0.92", "0.94", "0.97", "1.0")
]
SEASONAL += [Decimal("1.03"), Decimal("1.05")]


@dataclass(frozen=True)
class PublicComment:
    name: str
    email: str
    text: str
    response: str = ""  # considered with this response when given
    channel: str = Comment.Channel.WEB
    theme: str = ""  # what it raises, grouping the s34(b) report


# The demo proponents' industries: cement (kiln fuel and clinker), and gas processing (its own energy
# and fugitive emissions).
SOURCE_CATEGORIES_OF = {"proponent": ("1.A.2", "2.A"), "proponent2": ("1.A.1", "1.B.2")}


@dataclass(frozen=True)
class DemoApplication:
    proponent: str  # username
    target: State
    title: str
    description: str
    location_state: str
    affected_states: tuple[str, ...]
    limb: str
    monthly_tonnes: dict[str, int]  # per gas, varied by season over 12 months
    auditor: str = "auditor"
    amendments: tuple[tuple[str, str], ...] = ()
    comments: tuple[PublicComment, ...] = ()
    advice: tuple[str, str] = ("approve", "")
    # Kyoto Protocol Annex A codes (greenhouse_office.statute.source_categories); default: the
    # proponent's industry (SOURCE_CATEGORIES_OF).
    source_categories: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)


COMMENTS = (
    PublicComment(
        "Geelong Climate Action Network",
        "secretary@geelong-climate.example.org",
        "The assessment understates kiln start-up emissions and should consider a 30% clinker substitution "
        "with fly ash and slag, which would cut process CO2 substantially.",
        response="Put to the proponent and the auditor; the auditor confirms start-up emissions are in the "
        "profile (months 1-2). Clinker substitution is addressed in the advice as a condition.",
        theme="Process emissions and alternatives",
    ),
    PublicComment(
        "Dr Helen Ashby",
        "h.ashby@example.com",
        "I support the project provided the waste-heat recovery described in Appendix B is a condition of "
        "any approval, with annual reporting of emissions to the Office.",
        response="Agreed: recommended as a condition of approval with annual reporting.",
        theme="Conditions of approval",
    ),
)

APPLICATIONS = (
    DemoApplication(
        "proponent",
        State.DRAFT,
        "Waurn Ponds clinker grinding mill upgrade",
        "Replacement of the two ball mills at the Waurn Ponds grinding plant with a vertical roller mill, "
        "increasing cement output by 250,000 t a year using clinker shipped from Geelong.",
        "VIC",
        ("VIC",),
        "targets",
        {"CO2": 2900, "N2O": 1},
    ),
    DemoApplication(
        "proponent",
        State.LODGED,
        "Geelong kiln 3 capacity expansion",
        "Expansion of cement kiln 3 at the Geelong works from 3,000 to 4,200 t of clinker a day, with a new "
        "preheater tower, precalciner and coal mill; construction over 18 months from mid-2027.",
        "VIC",
        ("VIC", "NSW"),
        "emissions",
        {"CO2": 4500, "CH4": 12, "N2O": 2},
    ),
    DemoApplication(
        "proponent",
        State.RETURNED,
        "Railton clinker line 2",
        "A second clinker production line at the Railton works in northern Tasmania, drawing limestone from "
        "the adjacent quarry and firing on coal with up to 20% biomass.",
        "TAS",
        ("TAS", "VIC"),
        "emissions",
        {"CO2": 5200, "CH4": 9},
        amendments=(
            (
                "emission_profile",
                "The profile shows only steady-state operation; add the 14 months of "
                "construction and commissioning, including kiln dry-out firing.",
            ),
            (
                "document",
                "Section 4 of the GIA (effect on targets) is missing; the GIA must address s31(1)(b) "
                "as well if the limb is to stay 'emissions'.",
            ),
        ),
    ),
    DemoApplication(
        "proponent",
        State.EVALUATED,
        "Batesford quarry precalciner retrofit",
        "Retrofit of a low-NOx precalciner and tertiary air duct to kiln 2 at Batesford, allowing a 15% "
        "increase in throughput.",
        "VIC",
        ("VIC",),
        "emissions",
        {"CO2": 4700, "CH4": 6},
    ),
    DemoApplication(
        "proponent",
        State.OPEN_FOR_COMMENT,
        "Fyansford clinker plant restart",
        "Restart of the mothballed Fyansford clinker plant (1.1 Mt a year) to supply the Melbourne "
        "infrastructure pipeline, with waste-heat recovery and alternative fuels from 2029.",
        "VIC",
        ("VIC", "SA"),
        "both",
        {"CO2": 6100, "CH4": 15, "N2O": 3},
        comments=COMMENTS,
    ),
    DemoApplication(
        "proponent",
        State.ADVICE_GIVEN,
        "Berrima kiln 6 alternative-fuels conversion",
        "Conversion of kiln 6 at Berrima (NSW) to fire on up to 50% refuse-derived fuel and used tyres, "
        "with a new chlorine bypass and an increase in clinker output of 10%.",
        "NSW",
        ("NSW", "ACT"),
        "emissions",
        {"CO2": 4900, "CH4": 20, "N2O": 4},
        comments=(
            PublicComment(
                "Southern Highlands Residents' Association",
                "contact@shra.example.org",
                "Residents ask that tyre-derived fuel not be burned during temperature inversions in winter.",
                response="Outside s30's matters for this Act (air quality is for the NSW EPA); noted in the "
                "report and referred to the NSW EPA.",
                channel=Comment.Channel.POST,
                theme="Air quality",
            ),
        ),
        advice=(
            "approve",
            "Recommend approval. The action will emit about 78,000 t CO2-e in its highest 12 months; the "
            "alternative of a new dry-process kiln is not feasible before 2032. Conditions: annual emissions "
            "reports; waste-heat recovery commissioned by 2029.",
        ),
    ),
    DemoApplication(
        "proponent2",
        State.EVALUATION_COMMISSIONED,
        "Karratha gas processing train 3",
        "A third gas processing train at the Karratha gas plant (180 TJ a day), with acid-gas removal "
        "venting reservoir CO2 and two gas turbine compressors.",
        "WA",
        ("WA",),
        "emissions",
        {"CO2": 9800, "CH4": 140, "N2O": 2},
        auditor="auditor2",
    ),
    DemoApplication(
        "proponent2",
        State.APPROVED,
        "Dampier domestic gas compression upgrade",
        "Replacement of four gas turbine compressors at the Dampier domestic gas plant with two larger "
        "units and electric-drive compression, raising capacity by 40 TJ a day.",
        "WA",
        ("WA", "NT"),
        "emissions",
        {"CO2": 5600, "CH4": 60},
        auditor="auditor2",
        comments=(
            PublicComment(
                "Pilbara Environment Network",
                "info@pilbara-env.example.org",
                "The electric-drive option should be powered from the new solar farm, not gas turbines.",
                response="The proponent has committed to contract 30 MW from the Maitland solar farm; "
                "recorded as a condition in the advice.",
                channel=Comment.Channel.EMAIL,
                theme="Energy supply",
            ),
        ),
        advice=(
            "approve",
            "Recommend approval with the condition that the electric-drive compressors are supplied by the "
            "committed 30 MW of solar capacity from 2028.",
        ),
    ),
    DemoApplication(
        "proponent2",
        State.WITHDRAWN,
        "Port Hedland LNG storage expansion",
        "Two additional 120,000 m3 LNG storage tanks and boil-off gas reliquefaction at Port Hedland.",
        "WA",
        ("WA",),
        "emissions",
        {"CO2": 4300, "CH4": 85},
        extra={"withdrawal_reason": "Project deferred pending the outcome of the export contract tender."},
    ),
)


def profile(monthly_tonnes: dict[str, int], first_month: date) -> dict:
    months = []
    for offset, factor in enumerate(SEASONAL):
        year, month = divmod(first_month.month - 1 + offset, 12)
        gases = {gas: str((Decimal(t) * factor).quantize(Decimal(1))) for gas, t in monthly_tonnes.items()}
        months.append({"month": f"{first_month.year + year}-{month + 1:02d}", "gases": gases})
    return {"months": months}


# Days between the acts of a plausible timeline (business days are then taken where the Office acts).
LODGED_AFTER = 3  # drafting, then lodging with the GIA
COMMISSIONED_AFTER = 4  # the Director appoints an auditor within the week
EVALUATED_AFTER = 21  # the evaluation arrives inside s32(1)'s 30 days from receipt
GAZETTE_AFTER = 6  # the notices are prepared and published
ADVICE_AFTER = 12  # the Office considers the comments and writes its advice
DECISION_AFTER = 9  # the Minister decides
RETURNED_AFTER = 5  # the Office finds the application is not in the prescribed form
WITHDRAWN_AFTER = 8
OPEN_SINCE = 9  # the application open for comment was gazetted this many days ago
RECENT = 2  # the last act of every other demo application happened this many days ago


class Timeline:
    """The moments of one demo application's acts, in order, all in the past (Canberra time)."""

    def __init__(self, spec: DemoApplication, start: date):
        self.start = start
        self.moments: dict[str, datetime] = {}
        day = start
        self._at("create", day, 10)
        day = self._at("lodge", day + timedelta(days=LODGED_AFTER), 11)
        if spec.target == State.RETURNED:
            self._at("return", day + timedelta(days=RETURNED_AFTER), 14, business=True)
            return
        if spec.target == State.WITHDRAWN:
            self._at("withdraw", day + timedelta(days=WITHDRAWN_AFTER), 9)
            return
        lodged = day
        day = self._at("commission", day + timedelta(days=COMMISSIONED_AFTER), 15, business=True)
        day = self._at("evaluate", lodged + timedelta(days=EVALUATED_AFTER), 16, business=True)
        gazette = statute.next_business_day_on_or_after(day + timedelta(days=GAZETTE_AFTER))
        self.gazette = gazette
        self.closing_day = statute.comment_period(gazette).recommended_closing_day
        # Recorded the day after the Gazette, once the newspapers have printed the notice too.
        self._at("publish", gazette + timedelta(days=1), 9)
        last_day = statute.effective_closing_day(self.closing_day)
        self._at("close", last_day + timedelta(days=1), 0, minute=5)  # the scheduled job
        day = self._at("advise", last_day + timedelta(days=ADVICE_AFTER), 11, business=True)
        self._at("decide", day + timedelta(days=DECISION_AFTER), 15, business=True)

    def _at(self, name: str, day: date, hour: int, *, minute: int = 0, business: bool = False) -> date:
        if business:
            day = statute.next_business_day_on_or_after(day)
        self.moments[name] = datetime.combine(day, time(hour, minute), tzinfo=LEGAL_TIME_ZONE)
        return day

    def __getitem__(self, name: str) -> datetime:
        return self.moments[name]

    def last(self, target: State) -> datetime:
        """The moment of the last act that brings the application to ``target``."""
        upto = {
            State.DRAFT: "create",
            State.LODGED: "lodge",
            State.RETURNED: "return",
            State.WITHDRAWN: "withdraw",
            State.EVALUATION_COMMISSIONED: "commission",
            State.EVALUATED: "evaluate",
            State.OPEN_FOR_COMMENT: "publish",
            State.COMMENTS_CLOSED: "close",
            State.ADVICE_GIVEN: "advise",
            State.APPROVED: "decide",
        }[target]
        return self.moments[upto]


def timeline_for(spec: DemoApplication, now: datetime) -> Timeline:
    """A timeline ending a little before ``now`` (or, open for comment, gazetted OPEN_SINCE days ago)."""
    start = now.date() - timedelta(days=400)
    for _ in range(4):  # calendar months vary in length: shift until the anchor is exact
        timeline = Timeline(spec, start)
        if spec.target == State.OPEN_FOR_COMMENT:
            shift = (now.date() - timedelta(days=OPEN_SINCE)) - timeline.gazette
        else:
            shift = (now.date() - timedelta(days=RECENT)) - timeline.last(spec.target).date()
        if shift.days == 0:
            break
        start += shift
    while timeline.last(spec.target) >= now:  # a business-day shift pushed it to today: step back
        start -= timedelta(days=1)
        timeline = Timeline(spec, start)
    return timeline


class Builder:
    """Runs each demo application's acts through the services at the moments of its timeline."""

    def __init__(self, now: datetime | None = None):
        users = get_user_model().objects.in_bulk(
            ["proponent", "proponent2", "officer", "director", "auditor", "auditor2", "minister"],
            field_name="username",
        )
        self.user = users.__getitem__
        self.now = clock.moment(now)

    def build(self, spec: DemoApplication) -> Application | None:
        """Create ``spec``'s application and walk it to its state, unless it already exists."""
        proponent = self.user(spec.proponent)
        existing = Application.objects.filter(
            organisation_id=proponent.organisation_id, title=spec.title
        ).first()
        if existing is not None:
            if existing.state in (State.APPROVED, State.REFUSED):  # seeded before decisions had PDFs
                services.issue_decision(application=existing)
            return None
        timeline = timeline_for(spec, self.now)
        with transaction.atomic():
            first_month = (timeline.start + timedelta(days=31)).replace(day=1)  # the action starts soon
            application = services.create_application(
                actor=proponent,
                at=timeline["create"],
                data={
                    "title": spec.title,
                    "description": spec.description,
                    "location_state": spec.location_state,
                    "affected_states": list(spec.affected_states),
                    "source_categories": list(spec.source_categories or SOURCE_CATEGORIES_OF[spec.proponent]),
                    "limb": spec.limb,
                    "gwp_set": "SAR",
                    "emission_profile": profile(spec.monthly_tonnes, first_month),
                },
            )
            self._walk(application, spec, timeline)
            application.refresh_from_db()
            if application.state != spec.target:
                raise RuntimeError(f"{spec.title} reached {application.state}, not {spec.target}")
        return application

    def _walk(self, application: Application, spec: DemoApplication, timeline: Timeline) -> None:
        target = spec.target
        last = {State.RETURNED: State.LODGED, State.WITHDRAWN: State.LODGED}.get(target, target)
        steps = [
            (State.LODGED, self._lodge),
            (State.EVALUATION_COMMISSIONED, self._commission),
            (State.EVALUATED, self._evaluate),
            (State.OPEN_FOR_COMMENT, self._publish),
            (State.COMMENTS_CLOSED, self._close),
            (State.ADVICE_GIVEN, self._advise),
            (State.APPROVED, self._approve),
        ]
        for state, run in steps:
            if PATH.index(state) > PATH.index(last):
                break
            run(application, spec, timeline)
        if target == State.RETURNED:
            services.return_for_amendment(
                application=application,
                actor=self.user("officer"),
                requests=[{"kind": kind, "detail": detail} for kind, detail in spec.amendments],
                at=timeline["return"],
            )
        if target == State.WITHDRAWN:
            services.withdraw(
                application=application,
                actor=self.user(spec.proponent),
                reason=spec.extra["withdrawal_reason"],
                confirm=True,
                at=timeline["withdraw"],
            )

    def _pdf(self, name: str, template: str, context: dict) -> SimpleUploadedFile:
        return SimpleUploadedFile(name, render_pdf(template, context), content_type="application/pdf")

    def _lodge(self, application, spec, timeline):
        months = application.emission_profile["months"]
        gases = list(months[0]["gases"])
        context = {
            "application": application,
            "gases": gases,
            "rows": [(m["month"], [m["gases"][g] for g in gases]) for m in months],
            "footer": f"GIA · {application.organisation.name}",
        }
        upload = self._pdf(f"GIA - {spec.title}.pdf", "pdf/demo_gia.html", context)
        proponent, at = self.user(spec.proponent), timeline["lodge"]
        services.upload_document(
            application=application, actor=proponent, kind="gia", upload=upload, at=at - timedelta(hours=1)
        )
        services.lodge(application=application, actor=proponent, at=at)

    def _commission(self, application, spec, timeline):
        auditor = IndependentAuditor.objects.get(user=self.user(spec.auditor))
        services.commission_evaluation(
            application=application, actor=self.user("director"), auditor=auditor, at=timeline["commission"]
        )

    def _evaluate(self, application, spec, timeline):
        auditor = self.user(spec.auditor)
        context = {
            "application": application,
            "auditor": auditor.auditor_registration,
            "auditor_name": auditor.get_full_name(),
            "footer": f"Independent evaluation · {application.reference}",
        }
        upload = self._pdf(f"Evaluation - {spec.title}.pdf", "pdf/demo_evaluation.html", context)
        services.record_evaluation(
            application=application, actor=auditor, evaluation=upload, at=timeline["evaluate"]
        )

    def _publish(self, application, spec, timeline):
        gazette = timeline.gazette
        services.publish_for_comment(
            application=application,
            actor=self.user("officer"),
            gazette_date=gazette,
            internet_published_on=gazette,
            comment_address=DEFAULT_COMMENT_ADDRESS,
            closing_day=timeline.closing_day,
            newspapers=[
                {
                    "state_or_territory": code,
                    "newspaper": DAILY_NEWSPAPERS[code],
                    "published_on": gazette + timedelta(days=1),
                }
                for code in spec.affected_states
            ],
            at=timeline["publish"],
        )
        still_open = spec.target == State.OPEN_FOR_COMMENT
        for number, comment in enumerate(spec.comments):
            received_at = timeline["publish"] + timedelta(days=3 + 4 * number, hours=2)
            if still_open and received_at >= self.now:
                continue
            recorded = self._comment(application, comment, received_at)
            # A web comment made with consent is reviewed the next day, then shown on the register.
            reviewed_at = received_at + timedelta(days=1)
            if comment.channel == Comment.Channel.WEB and reviewed_at < self.now:
                services.moderate_comment(comment=recorded, actor=self.user("officer"), at=reviewed_at)
            # While comments are still open, only the first has been considered so far.
            if comment.response and (number == 0 or not still_open):
                considered_at = received_at + timedelta(days=2)
                if not still_open or considered_at < self.now:
                    services.consider_comment(
                        comment=recorded,
                        actor=self.user("officer"),
                        considered=True,
                        response=comment.response,
                        theme=comment.theme,
                        at=considered_at,
                    )

    def _comment(self, application, comment: PublicComment, received_at: datetime) -> Comment:
        if comment.channel == Comment.Channel.WEB:  # made by the public through the web form
            return services.record_comment(
                application=application,
                actor=None,
                name=comment.name,
                email=comment.email,
                text=comment.text,
                channel=comment.channel,
                consent_to_publish=True,
                at=received_at,
            )
        # Received by email or post within the period, and recorded by the Office the next morning.
        return services.record_comment(
            application=application,
            actor=self.user("officer"),
            name=comment.name,
            email=comment.email,
            text=comment.text,
            channel=comment.channel,
            received_at=received_at,
            at=received_at + timedelta(hours=18),
        )

    def _close(self, application, spec, timeline):
        services.close_comments(application=application, actor=None, at=timeline["close"])

    def _advise(self, application, spec, timeline):
        recommendation, summary = spec.advice
        services.give_advice(
            application=application,
            actor=self.user("officer"),
            recommendation=recommendation,
            summary=summary,
            at=timeline["advise"],
        )

    def _approve(self, application, spec, timeline):
        services.decide(
            application=application,
            actor=self.user("minister"),
            approve=True,
            advice_considered=True,
            no_prudent_or_feasible_alternative=True,
            targets_not_prevented=True,
            reasons="Having considered the Office's advice and the comments, I am satisfied there is no "
            "prudent or feasible alternative and that the action, with the conditions advised, will not "
            "prevent Australia from achieving its targets.",
            at=timeline["decide"],
        )
        # Issued here, a few minutes after the decision, so the demo's record does not depend on a
        # worker; the task queued on commit then finds it stored and changes nothing.
        services.issue_decision(application=application, at=timeline["decide"] + timedelta(minutes=3))


def seed_demo_applications(now: datetime | None = None) -> tuple[int, int]:
    """Create the demo applications that are missing; returns (created, already present)."""
    builder = Builder(now)
    created = sum(1 for spec in APPLICATIONS if builder.build(spec) is not None)
    return created, len(APPLICATIONS) - created
