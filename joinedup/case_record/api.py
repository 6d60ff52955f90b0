"""/api/v1/children/<id>/case-notes/: the case record's notes for partner systems. Scoped through access/ (a child
the caller may not see is a 404); reads audited; errors in the API's one shape (joinedup/api/errors.py), nothing
written on an error. The chronology's API is the chronology app's (joinedup/chronology/api.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction

from . import services
from .models import CaseNote, NoteType


class CaseNoteOutputSerializer(serializers.ModelSerializer):
    children = serializers.SerializerMethodField()

    class Meta:
        model = CaseNote
        fields = [
            "id",
            "note_type",
            "occurred_on",
            "present",
            "child_seen",
            "child_seen_alone",
            "what_happened",
            "childs_words",
            "analysis",
            "is_significant",
            "author_name",
            "recorded_at",
            "locks_at",
            "children",
        ]
        read_only_fields = fields

    def get_children(self, obj: CaseNote) -> list[int]:
        return [link.child_id for link in obj.child_links.all()]


# A visit is recorded once, for every child present, through the visits API (issue 18, ADR 0023): a case note of a
# visit kind would meet no visiting clock. Earlier notes of these kinds keep them and are still listed.
VISIT_NOTE_KINDS = frozenset({NoteType.VISIT, NoteType.JOINT_VISIT})
VISIT_NOTE_REFUSED = (
    "A visit is not a case note: record it through the visits API, POST /api/v1/children/{child_id}/visits/, "
    "which meets every visiting clock it satisfies"
)


class CaseNoteInputSerializer(serializers.Serializer):
    child_ids = serializers.ListField(child=serializers.IntegerField(), required=False, help_text="Siblings too")
    note_type = serializers.ChoiceField(
        choices=NoteType.choices,
        help_text="Any kind but a visit (visit, joint_visit): a visit is recorded through the visits API",
    )
    occurred_on = serializers.DateField()
    present = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    child_seen = serializers.BooleanField()
    child_seen_alone = serializers.BooleanField()
    what_happened = serializers.CharField(allow_blank=True, max_length=20000)
    childs_words = serializers.CharField(required=False, allow_blank=True, max_length=10000, default="")
    analysis = serializers.CharField(required=False, allow_blank=True, max_length=10000, default="")
    is_significant = serializers.BooleanField(required=False, default=False)

    def validate_note_type(self, value: str) -> str:
        if value in VISIT_NOTE_KINDS:
            raise serializers.ValidationError(VISIT_NOTE_REFUSED, code="visit_through_visits_api")
        return value


class ChildCaseNoteListApi(ListAPIView):
    serializer_class = CaseNoteOutputSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        child = access_child(request.user, kwargs["child_id"], permission=Permission.VIEW_CASE_RECORD)
        qs = (
            CaseNote.objects.filter(child_links__child=child)
            .prefetch_related("child_links")
            .order_by("-occurred_on", "-id")
        )
        page = self.paginate_queryset(qs) or []
        with transaction.atomic():
            auditor.audit_events_record(
                actor=request.user,
                events=[auditor.EventSpec(AuditAction.LISTED, "case_record.casenote", n.pk, child.pk) for n in page],
            )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=CaseNoteInputSerializer, responses={201: CaseNoteOutputSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        child = access_child(request.user, kwargs["child_id"], permission=Permission.RECORD_CASE_NOTE)
        given = CaseNoteInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        child_ids = sorted({child.pk, *data.pop("child_ids", [])})
        note = services.note_record(actor=request.user, child_ids=child_ids, **data)
        return Response(CaseNoteOutputSerializer(note).data, status=status.HTTP_201_CREATED)
