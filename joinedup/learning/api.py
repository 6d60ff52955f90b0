"""/api/v1/ for learning from serious incidents (issue 22), with the same access as the pages: incidents (with their
rapid review and local review) for the partnership lead, the partners' delegates and the manager who recorded each;
recording an incident on a child and its notification; learning actions (the caller's own, or with `whose=every`
every agency's for those who manage the learning) with progress and completion. Lists are paginated and audited in
bulk; errors in the API's one shape (400 with field errors and codes, 404 for what the caller may not see)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission
from joinedup.agencies.models import Organisation
from joinedup.audit import services as auditor
from joinedup.audit.models import AuditAction
from joinedup.harms.models import HarmType

from . import selectors, services
from .models import (
    AbuseOrNeglect,
    IncidentOutcome,
    IncidentSetting,
    LearningAction,
    LearningTheme,
    SeriousIncident,
)


class ClockOutputSerializer(serializers.Serializer):
    rule_code = serializers.CharField()
    started_on = serializers.DateField()
    due_on = serializers.DateField()
    met_on = serializers.DateField(allow_null=True)


class ContributionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.name")
    asked_on = serializers.DateField()
    recorded_on = serializers.DateField(allow_null=True)
    contribution = serializers.CharField()


class LocalReviewOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    decided_on = serializers.DateField()
    scope = serializers.CharField()
    reviewer = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    not_published_reason = serializers.CharField()


class RapidReviewOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contributions = ContributionOutputSerializer(many=True, read_only=True, required=False)
    chronology_from = serializers.DateField()
    chronology_to = serializers.DateField()
    immediate_learning = serializers.CharField()
    local_review_needed = serializers.BooleanField(allow_null=True)
    decision_reason = serializers.CharField()
    sent_to_panel_on = serializers.DateField(allow_null=True)


class SeriousIncidentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    child_id = serializers.IntegerField()
    incident_on = serializers.DateField()
    became_aware_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=IncidentOutcome.choices)
    abuse_or_neglect = serializers.ChoiceField(choices=AbuseOrNeglect.choices)
    setting = serializers.ChoiceField(choices=IncidentSetting.choices)
    known_to_childrens_social_care = serializers.BooleanField()
    on_child_protection_plan = serializers.BooleanField()
    looked_after = serializers.BooleanField()
    partners_informed_on = serializers.DateField(allow_null=True)
    ofsted_informed_on = serializers.DateField(allow_null=True)
    notified_on = serializers.DateField(allow_null=True)
    clocks = serializers.SerializerMethodField()
    rapid_review = serializers.SerializerMethodField()
    local_review = serializers.SerializerMethodField()

    @extend_schema_field(ClockOutputSerializer(many=True))
    def get_clocks(self, obj: SeriousIncident) -> list[dict[str, Any]]:
        clocks = getattr(obj, "clocks", {})
        return ClockOutputSerializer(list(clocks.values()), many=True).data  # type: ignore[return-value]

    @extend_schema_field(RapidReviewOutputSerializer(allow_null=True))
    def get_rapid_review(self, obj: SeriousIncident) -> dict[str, Any] | None:
        review = selectors.rapid_review_of(obj)
        if review is None:
            return None
        data = dict(RapidReviewOutputSerializer(review).data)
        data["contributions"] = ContributionOutputSerializer(
            selectors.contributions_for(review) if self.context.get("detail") else [], many=True
        ).data
        return data

    @extend_schema_field(LocalReviewOutputSerializer(allow_null=True))
    def get_local_review(self, obj: SeriousIncident) -> dict[str, Any] | None:
        local = selectors.local_review_of(obj)
        return dict(LocalReviewOutputSerializer(local).data) if local is not None else None


class SeriousIncidentInputSerializer(serializers.Serializer):
    incident_on = serializers.DateField()
    became_aware_on = serializers.DateField(help_text="The notification's clock starts on this date")
    what_happened = serializers.CharField(max_length=5000, allow_blank=True)
    outcome = serializers.ChoiceField(choices=IncidentOutcome.choices)
    abuse_or_neglect = serializers.ChoiceField(choices=AbuseOrNeglect.choices)
    setting = serializers.ChoiceField(choices=IncidentSetting.choices)
    harm_types = serializers.SlugRelatedField(
        slug_field="code", queryset=HarmType.objects.filter(is_active=True), many=True, required=False, default=list
    )
    agencies_involved = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), many=True, required=False, default=list
    )
    themes = serializers.ListField(
        child=serializers.ChoiceField(choices=LearningTheme.choices), required=False, default=list
    )


class NotificationInputSerializer(serializers.Serializer):
    notified_on = serializers.DateField()
    partners_informed_on = serializers.DateField(allow_null=True)
    ofsted_informed_on = serializers.DateField(required=False, allow_null=True, default=None)
    late_reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


def _detail(request: Request, incident_id: int, purpose: str = "") -> Any:
    found = selectors.serious_incident_get(actor=request.user, incident_id=incident_id, purpose=purpose)
    return SeriousIncidentOutputSerializer(found, context={"detail": True}).data


class SeriousIncidentListApi(ListAPIView):
    serializer_class = SeriousIncidentOutputSerializer

    @extend_schema(description="The serious incidents the caller manages, newest first (the read of each audited).")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = selectors.serious_incident_list(actor=request.user)
        page: list[SeriousIncident] = self.paginate_queryset(rows) or []  # type: ignore[arg-type]
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class SeriousIncidentDetailApi(APIView):
    @extend_schema(
        responses=SeriousIncidentOutputSerializer,
        description="One serious incident with its clocks, rapid review (and each agency's contribution) and local "
        "review (audited).",
    )
    def get(self, request: Request, incident_id: int) -> Response:
        return Response(_detail(request, incident_id, "Serious incident (API)"))


class ChildSeriousIncidentCreateApi(APIView):
    @extend_schema(
        request=SeriousIncidentInputSerializer,
        responses={201: SeriousIncidentOutputSerializer},
        description="Record a serious incident on the child's record (the authority's manager); its notification "
        "and rapid review clocks start from the date the authority became aware.",
    )
    def post(self, request: Request, child_id: int) -> Response:
        child = access_child(request.user, child_id, permission=Permission.RECORD_SERIOUS_INCIDENT)
        given = SeriousIncidentInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        incident = services.serious_incident_record(actor=request.user, child=child, **given.validated_data)
        return Response(_detail(request, incident.pk), status=status.HTTP_201_CREATED)


class SeriousIncidentNotificationApi(APIView):
    @extend_schema(
        request=NotificationInputSerializer,
        responses=SeriousIncidentOutputSerializer,
        description="Record the notification as sent to the Panel (its clock met that day).",
    )
    def post(self, request: Request, incident_id: int) -> Response:
        found = selectors.serious_incident_get(actor=request.user, incident_id=incident_id)
        given = NotificationInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.serious_incident_notify(actor=request.user, incident=found, **given.validated_data)
        return Response(_detail(request, incident_id))


class LearningActionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    recommendation = serializers.CharField(source="recommendation.recommendation")
    owner = serializers.CharField(source="owner.full_name")
    organisation = serializers.CharField(source="owner.organisation.name")
    due_on = serializers.DateField()
    completed_on = serializers.DateField(allow_null=True)
    evidence = serializers.CharField()
    status = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ChoiceField(choices=[s.value for s in selectors.ActionStatus]))
    def get_status(self, obj: LearningAction) -> str:
        return str(selectors.action_status(obj, self.context["today"]))


class ProgressInputSerializer(serializers.Serializer):
    progress = serializers.CharField(max_length=5000, allow_blank=True)


class CompletionInputSerializer(serializers.Serializer):
    completed_on = serializers.DateField()
    evidence = serializers.CharField(max_length=5000, allow_blank=True)


def _today() -> Any:
    return timezone.localdate()


class LearningActionListApi(ListAPIView):
    serializer_class = LearningActionOutputSerializer

    @extend_schema(
        description="The caller's learning actions; with whose=every, every agency's (for the partnership lead and "
        "the partners' delegates; anyone else gets their own). Open first, soonest due first.",
        parameters=[OpenApiParameter("whose", str, enum=["mine", "every"], required=False)],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": _today()}

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = selectors.learning_action_list(
            actor=request.user, every_agency=request.query_params.get("whose") == "every"
        )
        page: list[LearningAction] = self.paginate_queryset(rows) or []  # type: ignore[arg-type]
        with transaction.atomic():
            auditor.audit_events_record(
                actor=request.user,
                events=[
                    auditor.EventSpec(
                        AuditAction.LISTED, "learning.learningaction", a.pk, a.recommendation.incident.child_id
                    )
                    for a in page
                ],
            )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _action(request: Request, action_id: int) -> Response:
    found = selectors.learning_action_get(actor=request.user, action_id=action_id)
    return Response(LearningActionOutputSerializer(found, context={"today": _today()}).data)


class LearningActionProgressApi(APIView):
    @extend_schema(
        request=ProgressInputSerializer,
        responses=LearningActionOutputSerializer,
        description="Record progress on the action (its owner, or whoever manages the learning).",
    )
    def post(self, request: Request, action_id: int) -> Response:
        found = selectors.learning_action_get(actor=request.user, action_id=action_id)
        given = ProgressInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.learning_action_update(actor=request.user, action=found, **given.validated_data)
        return _action(request, action_id)


class LearningActionCompleteApi(APIView):
    @extend_schema(
        request=CompletionInputSerializer,
        responses=LearningActionOutputSerializer,
        description="Complete the action with the evidence of the change in practice.",
    )
    def post(self, request: Request, action_id: int) -> Response:
        found = selectors.learning_action_get(actor=request.user, action_id=action_id)
        given = CompletionInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.learning_action_complete(actor=request.user, action=found, **given.validated_data)
        return _action(request, action_id)
