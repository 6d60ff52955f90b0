"""/api/v1/children/<id>/visits/: a child's visits, and recording a visit (issue 18, ADR 0023) for one child or
several brothers and sisters at once: the shared account once, each child's own answers (seen, seen alone, why not,
their own words, what was observed). Permission is the visits service's, as for the form: a child the caller may not
see or record for is a 404 and nothing is saved. Errors are the API's one shape (joinedup/api/errors.py): a child's
answer is named as the service names it, `child_<id>_<answer>`. Reads are audited."""

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
from .models import BedroomSeen, VisitChild, VisitKind


class ChildVisitSerializer(serializers.ModelSerializer):
    """One child's part of a visit with the visit's shared part: never a brother's or sister's own answers."""

    visit_id = serializers.IntegerField(source="visit.id", read_only=True)
    child_id = serializers.IntegerField(read_only=True)
    visited_at = serializers.TimeField(source="visit.visited_at", read_only=True, allow_null=True)
    kind = serializers.CharField(source="visit.kind", read_only=True)
    place = serializers.CharField(source="visit.place", read_only=True)
    visited_by_name = serializers.CharField(source="visit.visited_by_name", read_only=True)
    others_present = serializers.CharField(source="visit.others_present", read_only=True)
    account = serializers.CharField(source="visit.account", read_only=True)

    class Meta:
        model = VisitChild
        fields = [
            "visit_id",
            "child_id",
            "visited_on",
            "visited_at",
            "kind",
            "place",
            "visited_by_name",
            "others_present",
            "account",
            "seen",
            "seen_alone",
            "reason_not_seen",
            "reason_not_seen_alone",
            "childs_words",
            "observations",
            "bedroom_seen",
        ]
        read_only_fields = fields


class ChildAnswersSerializer(serializers.Serializer):
    child_id = serializers.IntegerField()
    seen = serializers.BooleanField(allow_null=True, default=None, help_text="Was the child seen? Required")
    seen_alone = serializers.BooleanField(
        allow_null=True, default=None, help_text="Was the child seen alone? Required when seen"
    )
    reason_not_seen = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, default="", help_text="Required when not seen"
    )
    reason_not_seen_alone = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, default="", help_text="Required when seen, not alone"
    )
    childs_words = serializers.CharField(required=False, allow_blank=True, max_length=10000, default="")
    observations = serializers.CharField(required=False, allow_blank=True, max_length=10000, default="")
    bedroom_seen = serializers.ChoiceField(choices=BedroomSeen.choices, required=False, allow_blank=True, default="")


class VisitInputSerializer(serializers.Serializer):
    visited_on = serializers.DateField()
    visited_at = serializers.TimeField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=VisitKind.choices)
    place = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    others_present = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    account = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")
    late_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        default="",
        help_text="Why a visit was after a clock's due date",
    )
    children = ChildAnswersSerializer(
        many=True, help_text="Each child present with their own answers; the child in the address among them"
    )


class ChildVisitListApi(ListAPIView):
    serializer_class = ChildVisitSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        child = access_child(request.user, kwargs["child_id"], permission=Permission.VIEW_VISITS)
        qs = (
            VisitChild.objects.filter(child=child)
            .select_related("visit")
            .order_by("-visited_on", "-visit__visited_at", "-visit_id")
        )
        page = self.paginate_queryset(qs) or []
        with transaction.atomic():
            auditor.audit_events_record(
                actor=request.user,
                events=[auditor.EventSpec(AuditAction.LISTED, "visits.visitchild", row.pk, child.pk) for row in page],
            )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=VisitInputSerializer, responses={201: ChildVisitSerializer(many=True)})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        child_id = access_child(request.user, kwargs["child_id"], permission=Permission.RECORD_VISIT).pk
        given = VisitInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        answers = [services.ChildAnswers(**a) for a in data.pop("children")]
        if child_id not in {a.child_id for a in answers}:
            raise serializers.ValidationError(
                {"children": ["Give the answers of the child in the address, with any brothers and sisters"]}
            )
        visit = services.visit_record(actor=request.user, details=services.VisitDetails(**data), children=answers)
        rows = visit.child_links.select_related("visit").order_by("id")
        return Response(ChildVisitSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)
