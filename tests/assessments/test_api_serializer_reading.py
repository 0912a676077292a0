"""The detail's serializers (BuiltOnce) read plain columns straight from the row and copy their kept
fields shallowly: what they answer must be what DRF's own reading of every field answers."""

import pytest
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from assessments import selectors
from assessments.api import serializers as s
from assessments.models import State

pytestmark = pytest.mark.django_db


def _drf_reading(serializer, instance):
    # DRF's Serializer.to_representation, field by field, for the serializer and everything nested in it.
    answer = {}
    for field in serializer._readable_fields:
        try:
            value = field.get_attribute(instance)
        except serializers.SkipField:
            continue
        if value is None:
            answer[field.field_name] = None
        elif isinstance(field, serializers.ListSerializer):
            answer[field.field_name] = [_drf_reading(field.child, item) for item in value.all()]
        elif isinstance(field, serializers.Serializer):
            answer[field.field_name] = _drf_reading(field, value)
        else:
            answer[field.field_name] = field.to_representation(value)
    return answer


def _detailed(make_application, people):
    application = make_application(State.OPEN_FOR_COMMENT)  # with its GIA, evaluation and notices
    return selectors.application_for(people.officer, application.pk)


def _request(user):
    request = Request(APIRequestFactory().get("/"))
    request.user = user
    return request


def test_the_detail_answers_what_drfs_own_reading_answers(make_application, people):
    application = _detailed(make_application, people)
    context = {"request": _request(people.officer)}
    answer = s.ApplicationDetailSerializer(application, context=context).data
    assert len(answer["timeline"]) > 5 and answer["documents"] and answer["newspaper_notices"]
    drf = _drf_reading(s.ApplicationDetailSerializer(application, context=context), application)
    assert answer == drf
    for event, row in zip(answer["timeline"], application.events.all(), strict=True):
        timeline = s.TimelineEventSerializer(context={**context, "may_see_advice": True})
        assert event == _drf_reading(timeline, row)
        assert event["at"] == serializers.DateTimeField().to_representation(row.at)  # e.g. its time zone


def test_each_serializer_binds_its_own_copies_and_keeps_its_build_unbound(make_application, people):
    application = _detailed(make_application, people)
    first, second = (s.ApplicationDetailSerializer(application) for _ in range(2))
    for name in ("title", "state", "created_at", "organisation", "amendment_requests"):
        assert first.fields[name] is not second.fields[name]
        assert first.fields[name].parent is first and second.fields[name].parent is second
    # The nested list's row serializer is its own copy's, not the kept one's.
    assert first.fields["amendment_requests"].child.parent is first.fields["amendment_requests"]
    kept = s.ApplicationDetailSerializer._built_fields
    assert all(getattr(field, "field_name", None) is None for field in kept.values())


def test_a_mapping_is_read_the_way_drf_reads_it():
    # Not a row of the model: DRF's own reading (a key per field).
    row = {"state_or_territory": "VIC", "newspaper": "The Age", "published_on": "2026-01-05"}
    assert s.NewspaperNoticeSerializer(row).data == row
