"""/api/v1/ for professional challenge and shared partner events (M25, M27), with the same access as the pages:
a challenge is seen by those involved and the partnership (selectors.challenges_visible_to), raised by anyone who
may see the child, answered, escalated and resolved by those the policy allows (RESPOND_TO_CHALLENGE); a partner
shares their agency's events about a child they may see. Lists paginated and audited in bulk; errors in the API's one
shape (400 with field errors, 404 for what the caller may not see); nothing written on an error."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.core.chronology import AGENCY_CHOICES, EVENT_TYPE_CHOICES
from joinedup.core.errors import NotFoundOrNotPermitted

from . import selectors, services
from .models import ChallengeStatus, ChallengeStep, ProfessionalChallenge, SharedEvent


class ChallengeStepOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChallengeStep
        fields = ["id", "kind", "level", "on", "note", "by_name", "organisation_name"]
        read_only_fields = fields


class ChallengeOutputSerializer(serializers.ModelSerializer):
    child_id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.name")
    steps = ChallengeStepOutputSerializer(many=True, read_only=True)

    class Meta:
        model = ProfessionalChallenge
        fields = [
            "id",
            "reference",
            "child_id",
            "decision",
            "disagreement",
            "outcome_sought",
            "raised_on",
            "raised_by_name",
            "organisation",
            "level",
            "respond_by",
            "status",
            "resolved_on",
            "resolution",
            "steps",
        ]
        read_only_fields = fields


class ChallengeInputSerializer(serializers.Serializer):
    decision = serializers.CharField(max_length=300, allow_blank=True, help_text="The decision disagreed with")
    disagreement = serializers.CharField(max_length=5000, allow_blank=True, help_text="Why, and what the child needs")
    outcome_sought = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    raised_on = serializers.DateField(required=False, help_text="Today if not given")


class ChallengeStepInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000, allow_blank=True, help_text="What was said or decided")
    on = serializers.DateField()


def _with_steps(qs: QuerySet[ProfessionalChallenge]) -> QuerySet[ProfessionalChallenge]:
    return qs.select_related("organisation").prefetch_related(
        Prefetch("steps", queryset=ChallengeStep.objects.order_by("on", "id"))
    )


class ChallengeListApi(ListAPIView):
    serializer_class = ChallengeOutputSerializer

    @extend_schema(
        description="Professional challenges the caller may see, newest first, each with its steps.",
        parameters=[OpenApiParameter("status", str, enum=[c for c, _ in ChallengeStatus.choices], required=False)],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        qs = _with_steps(selectors.challenges_visible_to(request.user)).order_by("-raised_on", "-id")
        wanted = request.query_params.get("status", "")
        if wanted:
            if wanted not in ChallengeStatus.values:
                raise serializers.ValidationError({"status": ["Choose open or resolved"]})
            qs = qs.filter(status=wanted)
        page: list[ProfessionalChallenge] = self.paginate_queryset(qs) or []
        with transaction.atomic():
            auditor.audit_events_record(
                actor=request.user,
                events=[
                    auditor.EventSpec(AuditAction.LISTED, "sharing.professionalchallenge", c.pk, c.child_id)
                    for c in page
                ],
            )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ChildChallengeCreateApi(APIView):
    @extend_schema(
        request=ChallengeInputSerializer,
        responses={201: ChallengeOutputSerializer},
        description="Raise a professional challenge about a decision on this child (level 1).",
    )
    def post(self, request: Request, child_id: int) -> Response:
        child = access_child(request.user, child_id, permission=Permission.RAISE_CHALLENGE)
        given = ChallengeInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        challenge = services.challenge_raise(actor=request.user, child=child, **given.validated_data)
        return Response(_detail(challenge), status=status.HTTP_201_CREATED)


def _detail(challenge: ProfessionalChallenge) -> Any:
    fresh = _with_steps(ProfessionalChallenge.objects.filter(pk=challenge.pk)).get()
    return ChallengeOutputSerializer(fresh).data


class ChallengeDetailApi(APIView):
    @extend_schema(responses=ChallengeOutputSerializer, description="One challenge and its history (audited).")
    def get(self, request: Request, challenge_id: int) -> Response:
        challenge = selectors.challenge_get(actor=request.user, challenge_id=challenge_id)
        return Response(_detail(challenge))


class _ChallengeStepApi(APIView):
    # The service that takes the step. Not named `action`: DRF and its schema read a view's `action` as the name of
    # a viewset's method.
    step: Any = None

    def post(self, request: Request, challenge_id: int) -> Response:
        found = selectors.challenges_visible_to(request.user).filter(pk=challenge_id).first()
        if found is None:
            raise NotFoundOrNotPermitted
        given = ChallengeStepInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        type(self).step(actor=request.user, challenge=found, **given.validated_data)
        return Response(_detail(found), status=status.HTTP_200_OK)


class ChallengeRespondApi(_ChallengeStepApi):
    step = services.challenge_respond

    @extend_schema(request=ChallengeStepInputSerializer, responses=ChallengeOutputSerializer)
    def post(self, request: Request, challenge_id: int) -> Response:
        """Record this level's answer."""
        return super().post(request, challenge_id)


class ChallengeEscalateApi(_ChallengeStepApi):
    step = services.challenge_escalate

    @extend_schema(request=ChallengeStepInputSerializer, responses=ChallengeOutputSerializer)
    def post(self, request: Request, challenge_id: int) -> Response:
        """Move the challenge up one level, with a new date to answer by."""
        return super().post(request, challenge_id)


class ChallengeResolveApi(_ChallengeStepApi):
    step = services.challenge_resolve

    @extend_schema(request=ChallengeStepInputSerializer, responses=ChallengeOutputSerializer)
    def post(self, request: Request, challenge_id: int) -> Response:
        """Record how the disagreement was resolved."""
        return super().post(request, challenge_id)


class SharedEventOutputSerializer(serializers.ModelSerializer):
    child_id = serializers.IntegerField()

    class Meta:
        model = SharedEvent
        fields = [
            "id",
            "child_id",
            "occurred_on",
            "agency",
            "event_type",
            "title",
            "detail",
            "shared_by_name",
            "shared_with_partners",
        ]
        read_only_fields = fields


class SharedEventInputSerializer(serializers.Serializer):
    occurred_on = serializers.DateField()
    agency = serializers.ChoiceField(choices=AGENCY_CHOICES)
    event_type = serializers.ChoiceField(choices=EVENT_TYPE_CHOICES)
    title = serializers.CharField(max_length=200, allow_blank=True)
    detail = serializers.CharField(max_length=5000, allow_blank=True)
    shared_with_partners = serializers.BooleanField(required=False, default=False)


class ChildSharedEventCreateApi(APIView):
    @extend_schema(
        request=SharedEventInputSerializer,
        responses={201: SharedEventOutputSerializer},
        description="A partner shares an event from their agency into the child's chronology.",
    )
    def post(self, request: Request, child_id: int) -> Response:
        child = access_child(request.user, child_id, permission=Permission.SHARE_EVENT)
        given = SharedEventInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        event = services.shared_event_record(actor=request.user, child=child, **given.validated_data)
        return Response(SharedEventOutputSerializer(event).data, status=status.HTTP_201_CREATED)
