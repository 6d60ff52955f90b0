"""/api/v1/family-help-cases/ and /api/v1/children/<id>/assessments/: Family Help cases the caller may read (local
authority family workers; partner lead practitioners and team members those they work in), a case with its
children, plan, reviews, network and family group decision making, and a child's assessments with their CIN census
factors (local authority family workers only). Scoped through access/; every record read is audited."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.assessments.models import SingleAssessment
from joinedup.assessments.selectors import child_get_for_assessment
from joinedup.audit.listing import audit_rows_listed
from joinedup.core.errors import NotFoundOrNotPermitted

from . import selectors
from .models import FamilyHelpCase


class FamilyHelpCaseOutputSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id")
    case_episode = serializers.IntegerField(source="case_episode_id")
    lead_practitioner = serializers.IntegerField(source="lead_practitioner_id")
    lead_practitioner_name = serializers.CharField(source="lead_practitioner.full_name")
    lead_practitioner_organisation = serializers.CharField(source="lead_practitioner.organisation.name")

    class Meta:
        model = FamilyHelpCase
        fields = [
            "id",
            "child",
            "case_episode",
            "status",
            "opened_on",
            "lead_practitioner",
            "lead_practitioner_name",
            "lead_practitioner_organisation",
            "closed_on",
            "closure_reason",
        ]
        read_only_fields = fields


class _ActionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    action = serializers.CharField()
    owner = serializers.CharField()
    due_on = serializers.DateField()
    status = serializers.CharField()


class _GoalSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    goal = serializers.CharField()
    progress = serializers.CharField()
    actions = _ActionSerializer(many=True, source="actions.all")


class _PlanSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    agreed_on = serializers.DateField()
    family_words = serializers.CharField()
    childs_words = serializers.CharField()


class _ChildVoiceSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One child's own wishes and feelings at the plan in force, or why they could not be obtained (M26)."""

    child = serializers.IntegerField(source="child_id")
    child_voice_words = serializers.CharField()
    child_voice_not_obtained = serializers.CharField()
    child_voice_not_obtained_detail = serializers.CharField()


class _ReviewSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    held_on = serializers.DateField()
    family_view = serializers.CharField()
    progress_summary = serializers.CharField()


class _NetworkSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    name = serializers.CharField()
    relationship_to_family = serializers.CharField()
    engagement = serializers.CharField()


class _FgdmSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    context = serializers.CharField()  # type: ignore[assignment]
    offered_on = serializers.DateField()
    response = serializers.CharField()
    meeting_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField()


class _StepSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    direction = serializers.CharField()
    on = serializers.DateField()
    lead_practitioner = serializers.IntegerField(source="lead_practitioner_id")


class FamilyRecordOutputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    case = FamilyHelpCaseOutputSerializer()
    children = serializers.SerializerMethodField()
    plan = _PlanSerializer(allow_null=True)
    child_voices = _ChildVoiceSerializer(many=True)
    goals = _GoalSerializer(many=True)
    reviews = _ReviewSerializer(many=True)
    network = _NetworkSerializer(many=True)
    family_group_decision_making = _FgdmSerializer(many=True, source="fgdm")
    steps = _StepSerializer(many=True)

    def get_children(self, obj: Any) -> list[int]:
        return [c.child.pk for c in obj.children]


class FamilyHelpCaseListApi(ListAPIView):  # type: ignore[type-arg]
    serializer_class = FamilyHelpCaseOutputSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        qs = selectors.family_help_cases_visible_to(request.user).select_related("lead_practitioner__organisation")
        page = self.paginate_queryset(qs.order_by("-opened_on", "-id")) or []
        audit_rows_listed(actor=request.user, rows=page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class FamilyHelpCaseDetailApi(RetrieveAPIView):  # type: ignore[type-arg]
    serializer_class = FamilyRecordOutputSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record = selectors.family_record(actor=request.user, case_id=kwargs["case_id"])
        return Response(FamilyRecordOutputSerializer(record).data)


class AssessmentOutputSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id")
    case_episode = serializers.IntegerField(source="case_episode_id")
    referral = serializers.IntegerField(source="referral_id", allow_null=True)
    factors = serializers.SerializerMethodField()

    class Meta:
        model = SingleAssessment
        fields = [
            "id",
            "child",
            "case_episode",
            "referral",
            "kind",
            "status",
            "referral_date",
            "started_on",
            "due_on",
            "child_seen_on",
            "completed_on",
            "outcome",
            "primary_need",
            "factors",
            "expected_date_of_delivery",
            "late_reason",
        ]
        read_only_fields = fields

    def get_factors(self, obj: SingleAssessment) -> list[str]:
        """CIN census factors identified at the end of assessment."""
        return [row.code for row in obj.factor_rows.all()]


class ChildAssessmentListApi(ListAPIView):  # type: ignore[type-arg]
    serializer_class = AssessmentOutputSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        child = child_get_for_assessment(actor=request.user, child_id=kwargs["child_id"])
        if not has_permission(request.user, Permission.VIEW_ASSESSMENT, child):
            raise NotFoundOrNotPermitted
        qs = SingleAssessment.objects.filter(child=child).prefetch_related("factor_rows").order_by("-referral_date")
        page = self.paginate_queryset(qs) or []
        audit_rows_listed(actor=request.user, rows=page, child_id=child.pk)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
