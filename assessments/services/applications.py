"""The proponent's application before lodgement: create, amend, attach documents, screen."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.db import transaction

from assessments import guards
from assessments.errors import AssessmentError, Refusal
from assessments.models import AmendmentRequest, Application, Document, State
from greenhouse_office import clock, statute, uploads
from greenhouse_office.access import has_role
from greenhouse_office.emission_profiles import (
    MAX_EXPLANATION_CHARS,
    exact_text,
    months_from_profile,
    profile_from_months,
    stored_profile_warnings,
)
from greenhouse_office.jurisdictions import StateOrTerritory
from greenhouse_office.roles import Role

from .executor import lock, record_change

EDITABLE = (State.DRAFT, State.RETURNED)
FIELDS = (
    "title",
    "description",
    "location_state",
    "location_description",
    "affected_states",
    "source_categories",
    "limb",
    "gwp_set",
    "emission_profile",
)
# What the event log records of an edit: the fields, and the acknowledgements of profile warnings.
TRACKED = (*FIELDS, "profile_acknowledgements")


def screening_of(emission_profile: dict, *, comparison: str | None = None, on=None) -> dict:
    """s25, s31: screen a stored profile (on day ``on``); the result is stored with the application.

    The screening is the legal one: each month converted with the GWP set in force for it (s6, Kyoto
    Protocol Art 5(3)). ``comparison`` (the application's ``gwp_set``) is screened too, under
    "comparison", for reference only; a set that cannot convert the profile is noted there, not refused.
    """
    profile = profile_from_months(emission_profile.get("months"))
    result = statute.screen_profile(profile, on=on)
    stored = {
        "conclusion": result.conclusion.value,
        "explanation": list(statute.explain(result)),
        "gwp_basis": result.gwp_basis.value,
        "gwp_set": result.gwp_set,
        "gwp_sets": [
            {"gwp_set": s.gwp_set, "start": f"{s.start:%Y-%m}", "end": f"{s.end:%Y-%m}"}
            for s in result.gwp_spans
        ],
        "threshold_t_co2e": exact_text(result.threshold_t_co2e),
        "max_12_month_t_co2e": exact_text(result.max_12_month_t_co2e),
        "window": {"start": f"{result.window_start:%Y-%m}", "end": f"{result.window_end:%Y-%m}"},
        "by_gas": {gas: exact_text(t) for gas, t in result.by_gas.items()},
        "exceeds_threshold": result.exceeds_threshold,
        "max_13_month_t_co2e": exact_text(result.max_13_month_t_co2e),
        "span_13_month": {"start": f"{result.span_13_start:%Y-%m}", "end": f"{result.span_13_end:%Y-%m}"},
        "spans_to_settle": [{"start": f"{a:%Y-%m}", "end": f"{b:%Y-%m}"} for a, b in result.spans_to_settle],
        "partial_window": result.partial_window,
        "section": result.section,
        "screened_on": result.on.isoformat(),
    }
    if comparison:
        try:
            compared = statute.screen_profile(profile, comparison, on=on)
        except statute.StatuteError as error:
            stored["comparison"] = {"gwp_set": comparison, "refused": str(error)}
        else:
            stored["comparison"] = {
                "gwp_set": compared.gwp_set,
                "max_12_month_t_co2e": exact_text(compared.max_12_month_t_co2e),
                "max_13_month_t_co2e": exact_text(compared.max_13_month_t_co2e),
                "conclusion": compared.conclusion.value,
            }
    return stored


def _cleaned_profile(profile) -> dict:
    """The stored form of an emission profile. ``None`` or ``{}`` means none yet (a draft may have none;
    lodging needs one, s31); anything else must be ``{"months": [...]}`` with at least one well-formed
    month, or it is refused (InvalidProfile): a malformed profile never reads as "no profile".
    """
    if profile is None or profile == {}:
        return {}
    if not isinstance(profile, dict) or set(profile) != {"months"}:
        raise statute.InvalidProfile('Give the emission profile as {"months": [...]}, or null for none yet.')
    return {"months": months_from_profile(profile_from_months(profile["months"]))}


def _known_codes(value, known, kind: str) -> list[str] | None:
    """Each code known, kept once, in the known codes' order; ValueError naming the unknown ones."""
    if value is None:
        return None
    codes = value if isinstance(value, list) else [value]
    unknown = [code for code in codes if code not in known]
    if unknown or not isinstance(value, list):
        raise ValueError(f"Not {kind}: {', '.join(map(str, unknown or codes))}.")
    return [code for code in known if code in set(codes)]


_STATES = sorted(StateOrTerritory.values)
# Each field that needs more than its type checked: its cleaner returns the value to store, or raises
# a StatuteError or ValueError saying what is wrong.
CLEANERS = {
    "affected_states": lambda value: _known_codes(value, _STATES, "a State or Territory code"),
    "source_categories": lambda value: _known_codes(
        value, list(statute.SOURCE_CATEGORIES), "a Kyoto Protocol Annex A source category code"
    ),
    "gwp_set": lambda value: statute.get_gwp_set(value).name,
    "emission_profile": lambda value: _cleaned_profile(value),
}


def _clean(data: dict) -> dict:
    """Validate the proponent's fields; every problem is returned against its field."""
    errors: dict[str, list[str]] = {}
    cleaned = {k: v for k, v in data.items() if k in FIELDS}
    for field, clean in CLEANERS.items():
        if field in cleaned:
            try:
                cleaned[field] = clean(cleaned[field])
            except (statute.StatuteError, ValueError) as error:
                errors[field] = [str(error)]
    if "profile_acknowledgements" in data:
        try:
            cleaned["profile_acknowledgements"] = _given_acknowledgements(data["profile_acknowledgements"])
        except ValueError as error:
            errors["profile_acknowledgements"] = error.args[0]
    if errors:
        raise AssessmentError(Refusal.INVALID, "Some fields need correcting.", field_errors=errors)
    return cleaned


def _given_acknowledgements(given) -> list[dict]:
    """``[{"code", "explanation"}]`` as given, each explanation required and bounded; else ValueError
    carrying the problems (whether each code arises is judged against the profile, in _acknowledge)."""
    if not isinstance(given, list):
        raise ValueError(['Give a list of {"code": ..., "explanation": ...}.'])
    problems, found = [], []
    for index, item in enumerate(given, start=1):
        code = item.get("code") if isinstance(item, dict) else None
        explanation = (item.get("explanation") or "") if isinstance(item, dict) else ""
        explanation = explanation.strip() if isinstance(explanation, str) else ""
        if not isinstance(code, str) or not code:
            problems.append(f"Acknowledgement {index}: give the warning's code.")
        elif not explanation:
            problems.append(f"{code}: explain the warning in a few words to acknowledge it.")
        elif len(explanation) > MAX_EXPLANATION_CHARS:
            problems.append(f"{code}: keep the explanation to {MAX_EXPLANATION_CHARS} characters at most.")
        else:
            found.append({"code": code, "explanation": explanation})
    if problems:
        raise ValueError(problems)
    return found


def _acknowledge(application: Application, given: list[dict] | None, *, actor, at: datetime) -> None:
    """Keep the acknowledgements of warnings that still arise on the profile (by code), add the given
    ones; a code that does not arise is refused. Called after the profile is set (_apply)."""
    warnings = {w.code: w for w in stored_profile_warnings(application.emission_profile)}
    kept = {a["code"]: a for a in application.profile_acknowledgements or [] if a.get("code") in warnings}
    unknown = [a["code"] for a in given or [] if a["code"] not in warnings]
    if unknown:
        problems = [f"{code}: no such warning arises on the emission profile." for code in unknown]
        raise AssessmentError(Refusal.INVALID, *problems, field_errors={"profile_acknowledgements": problems})
    for item in given or []:
        kept[item["code"]] = {
            "code": item["code"],
            "message": warnings[item["code"]].message,
            "explanation": item["explanation"],
            "by": actor.pk,
            "by_name": actor.get_full_name() or actor.get_username(),
            "at": at.isoformat(),
        }
    # In the warnings' order, so pages and the API list them as the profile step does.
    application.profile_acknowledgements = [kept[code] for code in warnings if code in kept]


def _apply(application: Application, cleaned: dict) -> None:
    """Set the cleaned fields and screen the profile again; a refusal names the field that caused it."""
    for name, value in cleaned.items():
        if name != "profile_acknowledgements":  # set by _acknowledge, against the profile
            setattr(application, name, value)
    if not (application.emission_profile or {}).get("months"):
        application.screening = None
        return
    try:
        application.screening = screening_of(application.emission_profile, comparison=application.gwp_set)
    except statute.StatuteError as error:
        # e.g. NF3 before 2013, or a gas the set in force has no value for (a comparison set never refuses)
        field = "emission_profile" if "emission_profile" in cleaned else "gwp_set"
        raise AssessmentError(Refusal.INVALID, str(error), field_errors={field: [str(error)]}) from error


def create_application(*, actor, data: dict, at: datetime | None = None) -> Application:
    """A proponent starts an application (s31) for their organisation, as a draft."""
    at = clock.moment(at)
    may_apply(actor)
    cleaned = _clean(data)
    missing = [name for name in ("title", "description", "location_state") if not cleaned.get(name)]
    if missing:
        raise AssessmentError(
            Refusal.INVALID,
            "Some fields need correcting.",
            field_errors={n: ["This field is required."] for n in missing},
        )
    application = Application(
        organisation_id=actor.organisation_id,
        created_by=actor,
        created_at=at,
        direction=_direction(actor, data.get("direction")),
    )
    _apply(application, cleaned)
    _acknowledge(application, cleaned.get("profile_acknowledgements"), actor=actor, at=at)
    if not application.affected_states and application.location_state in StateOrTerritory.values:
        application.affected_states = [application.location_state]  # offshore: none by default
    with transaction.atomic():
        _save(application)
        record_change(
            application,
            "create_application",
            actor=actor,
            at=at,
            section="s31",
            payload=_tracked(application),
        )
    return application


def may_apply(actor) -> None:
    """s31: only a proponent acting for an organisation may apply (surfaces ask before the input)."""
    if not has_role(actor, Role.PROPONENT) or getattr(actor, "organisation_id", None) is None:
        raise AssessmentError(Refusal.FORBIDDEN, "Only a proponent acting for an organisation may apply.")


def may_amend(application: Application, actor, what: str = "change the application") -> None:
    """Only the proponent amends its application or answers the Office's requests."""
    if not guards.is_the_proponent(application, actor):
        raise AssessmentError(Refusal.FORBIDDEN, f"Only the proponent may {what}.")


def _tracked(application: Application) -> dict:
    """The proponent's fields as the event log records them (before and after an edit)."""
    return {name: getattr(application, name) for name in TRACKED}


def _direction(actor, direction_id):
    """s35: an application may answer a direction given to the proponent's organisation, once."""
    from assessments.models import Direction

    if direction_id in (None, ""):
        return None
    direction = Direction.objects.filter(pk=direction_id, organisation_id=actor.organisation_id).first()
    if direction is None:
        problem = "No direction with this id was given to your organisation."
    elif Application.objects.filter(direction=direction).exists():
        problem = "Another application already answers this direction."
    else:
        return direction
    raise AssessmentError(Refusal.INVALID, problem, field_errors={"direction": [problem]})


def update_application(
    *, application: Application, actor, data: dict, at: datetime | None = None
) -> Application:
    """The proponent amends a draft or returned application; the event records before and after.

    ``data["profile_acknowledgements"]`` (``[{"code", "explanation"}]``) acknowledges warnings of the
    Office's profile checks; acknowledgements of warnings that no longer arise are dropped.
    """
    at = clock.moment(at)
    may_amend(application, actor)
    cleaned = _clean(data)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.state not in EDITABLE:
            raise AssessmentError(
                Refusal.NOT_AVAILABLE,
                f"The application can be changed only while it is a draft or returned for amendment; it is "
                f"{State(locked.state).label.lower()}.",
            )
        before = _tracked(locked)
        _apply(locked, cleaned)
        _acknowledge(locked, cleaned.get("profile_acknowledgements"), actor=actor, at=at)
        _save(locked)
        after = _tracked(locked)
        changed = sorted(name for name in TRACKED if before[name] != after[name])
        if changed:
            record_change(
                locked,
                "update_application",
                actor=actor,
                at=at,
                section="s31",
                payload={
                    "changed": changed,
                    "before": {n: before[n] for n in changed},
                    "after": {n: after[n] for n in changed},
                },
            )
    return locked


def _save(application: Application) -> None:
    try:
        application.full_clean(exclude=["organisation", "created_by", "state"])  # state: protected FSM field
    except Exception as error:  # noqa: BLE001 - ValidationError with field messages
        field_errors = getattr(error, "message_dict", {"non_field_errors": [str(error)]})
        raise AssessmentError(
            Refusal.INVALID, "Some fields need correcting.", field_errors=field_errors
        ) from error
    application.save()


def upload_document(
    *, application: Application, actor, kind: str, upload, at: datetime | None = None
) -> Document:
    """Attach a PDF: the proponent's GIA (s31(2)); the auditor's or Office's evaluation (s32(1)).

    A GIA uploaded while one is current replaces it: the old one is kept, marked superseded.
    """
    at = clock.moment(at)
    if kind not in Document.Kind.values:
        raise AssessmentError(
            Refusal.INVALID,
            "Unknown kind.",
            field_errors={"kind": [f"Use one of {', '.join(Document.Kind.values)}."]},
        )
    if kind == Document.Kind.DECISION:
        message = "s30: the Minister's decision is issued by the Office once it is made, never uploaded."
        raise AssessmentError(Refusal.INVALID, message, field_errors={"kind": [message]})
    if kind in Document.ISSUED_BY_THE_OFFICE:
        message = f"{Document.Kind(kind).label}: issued by the Office's records system, never uploaded."
        raise AssessmentError(Refusal.INVALID, message, field_errors={"kind": [message]})
    if kind == Document.Kind.EVALUATION:
        allowed, when = (
            guards.is_appointed_auditor_or_office_staff(application, actor),
            (State.EVALUATION_COMMISSIONED,),
        )
        who = "the appointed auditor or Office staff"
    else:
        allowed, when = guards.is_the_proponent(application, actor), EDITABLE
        who = "the proponent"
    if not allowed:
        raise AssessmentError(Refusal.FORBIDDEN, f"Only {who} may upload this document.")
    content = pdf_content(upload)
    with transaction.atomic():
        application = lock(application)
        if application.state not in when:
            raise AssessmentError(
                Refusal.NOT_AVAILABLE,
                f"This document can be uploaded only while the application is "
                f"{' or '.join(State(s).label.lower() for s in when)}.",
            )
        _check_document_count(application)
        document = Document(
            application=application,
            kind=kind,
            original_name=(upload.name or "document.pdf")[-255:],
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=actor,
            uploaded_at=at,
        )
        upload.seek(0)
        document.file.save("upload.pdf", upload, save=False)
        document.save()
        superseded = _supersede_gia(application, document, at) if kind == Document.Kind.GIA else []
        payload = {"document": document.pk, "kind": kind, "sha256": document.sha256, "size": document.size}
        if superseded:
            payload["supersedes"] = superseded
        record_change(
            application,
            "upload_document",
            actor=actor,
            at=at,
            section="s32(1)" if kind == Document.Kind.EVALUATION else "s31(2)",
            payload=payload,
        )
    return document


def _supersede_gia(application: Application, document: Document, at: datetime) -> list[int]:
    """s31(2): an application has one GIA; a new upload replaces the current one, which is kept."""
    previous = application.documents.filter(kind=Document.Kind.GIA, superseded_at__isnull=True).exclude(
        pk=document.pk
    )
    ids = sorted(previous.values_list("pk", flat=True))
    previous.update(superseded_by=document, superseded_at=at)
    return ids


def pdf_content(upload) -> bytes:
    """The upload's content, checked as every upload is (greenhouse_office.uploads: a PDF by its
    content, within the size cap, without scripts, launches, attachments or decompression bombs)."""
    try:
        return uploads.checked_pdf(upload)
    except uploads.UploadRefused as refusal:
        raise AssessmentError(
            Refusal.INVALID, refusal.detail, field_errors={"file": [refusal.message]}
        ) from refusal


def _check_document_count(application: Application) -> None:
    """The system's cap on documents uploaded to one application (not the Bill's)."""
    most = settings.GREENHOUSE_MAX_DOCUMENTS_PER_APPLICATION
    uploaded = application.documents.exclude(kind__in=Document.ISSUED_BY_THE_OFFICE)
    if uploaded.count() >= most:
        message = (
            f"This application already has {most} uploaded documents, the most accepted; "
            "ask the Office if another is needed."
        )
        raise AssessmentError(Refusal.INVALID, message, field_errors={"file": [message]})


def answer_amendment_request(
    *, request: AmendmentRequest, actor, response: str, at: datetime | None = None
) -> AmendmentRequest:
    """The proponent answers one of the Office's requests, before lodging again."""
    at = clock.moment(at)
    application = request.application
    may_amend(application, actor, "answer amendment requests")
    if not (response or "").strip():
        raise AssessmentError(
            Refusal.INVALID, "Say what was changed.", field_errors={"response": ["Say what was changed."]}
        )
    with transaction.atomic():
        application = lock(application)
        if application.state != State.RETURNED:
            raise AssessmentError(
                Refusal.NOT_AVAILABLE, "Amendment requests are answered while the application is returned."
            )
        request.response = response.strip()
        request.answered_by = actor
        request.answered_at = at
        request.save(update_fields=["response", "answered_by", "answered_at"])
        record_change(
            application,
            "answer_amendment_request",
            actor=actor,
            at=at,
            section="s31",
            payload={"request": request.pk, "kind": request.kind, "response": request.response},
        )
    request.application = application
    return request
