"""/api/v1/ for the safeguarding partnership (issue 22): actions on inequalities (read by the partnership, analysts
and each action's owner; recorded by the partnership and analysts, with the figures computed, never sent) and the
independent scrutiny findings (the partnership's). Lists paginated and audited in bulk; errors in the API's one
shape (400 with field errors, 404 for what the caller may not see); nothing written on an error."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from joinedup.agencies.models import Practitioner

from . import forms, selectors, services
from .models import InequalityAction, InequalityActionStatus, InequalityReview, ScrutinyFinding


class InequalityReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = InequalityReview
        fields = ["id", "reviewed_on", "children", "rate", "index", "low", "high", "note", "next_look_again_on"]


class InequalityActionSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.full_name", read_only=True)
    owner_organisation = serializers.CharField(source="owner.organisation.name", read_only=True)
    reviews = InequalityReviewSerializer(many=True, read_only=True)

    class Meta:
        model = InequalityAction
        fields = [
            "id",
            "characteristic",
            "characteristic_label",
            "stage",
            "stage_label",
            "group",
            "reference",
            "period_key",
            "period_label",
            "team",
            "children",
            "rate",
            "index",
            "low",
            "high",
            "finding",
            "action",
            "owner",
            "owner_name",
            "owner_organisation",
            "look_again_on",
            "status",
            "recorded_on",
            "reviews",
        ]


class InequalityActionInputSerializer(serializers.Serializer):
    characteristic = serializers.CharField(help_text="ethnicity, sex, age, disability, send, area")
    stage = serializers.CharField(help_text="contact, referral, assessment, child_in_need, ...")
    group = serializers.CharField(help_text="The group the finding is about, as the disproportionality figures name it")
    reference = serializers.CharField(required=False, allow_null=True, help_text="The group compared with")
    period = serializers.CharField(required=False, allow_null=True, help_text='"12m" or a collection year, "2026"')
    team = serializers.IntegerField(required=False, allow_null=True)
    finding = serializers.CharField()
    action = serializers.CharField()
    owner = serializers.PrimaryKeyRelatedField(queryset=Practitioner.objects.none())
    look_again_on = serializers.DateField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = forms.owners()  # type: ignore[attr-defined]


class InequalityActionListApi(ListAPIView):
    serializer_class = InequalityActionSerializer

    @extend_schema(
        description="Actions on inequalities the caller may see (the partnership and analysts every one, an owner "
        "their own), the soonest look-again first; each with the figures it was recorded on and its looks again.",
        parameters=[
            OpenApiParameter("status", str, enum=[c for c, _ in InequalityActionStatus.choices], required=False)
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        wanted = request.query_params.get("status", "")
        if wanted and wanted not in InequalityActionStatus.values:
            raise serializers.ValidationError({"status": ["Choose open or closed"]})
        rows = selectors.inequality_actions_visible(actor=request.user, status=wanted)
        page: list[InequalityAction] = self.paginate_queryset(rows.prefetch_related("reviews")) or []
        selectors.actions_listed(actor=request.user, rows=page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=InequalityActionInputSerializer,
        responses={201: InequalityActionSerializer},
        description="Record an action on a disproportionality finding. The figures are computed by the "
        "disproportionality calculation with the choices given and copied as the action's snapshot.",
    )
    def post(self, request: Request) -> Response:
        given = InequalityActionInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        action = services.inequality_action_record(
            actor=request.user,
            characteristic=d["characteristic"],
            stage=d["stage"],
            group=d["group"],
            reference=d.get("reference"),
            period_key=d.get("period"),
            team_id=d.get("team"),
            finding=d["finding"],
            action=d["action"],
            owner=d["owner"],
            look_again_on=d["look_again_on"],
        )
        return Response(InequalityActionSerializer(action).data, status=status.HTTP_201_CREATED)


class InequalityActionDetailApi(APIView):
    @extend_schema(responses=InequalityActionSerializer, description="One action on inequalities (audited).")
    def get(self, request: Request, inequality_action_id: int) -> Response:
        action = selectors.inequality_action_get(actor=request.user, action_id=inequality_action_id)
        return Response(InequalityActionSerializer(action).data)


class ScrutinyFindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScrutinyFinding
        fields = ["id", "found_on", "scrutineer", "finding", "response", "responded_on"]
        read_only_fields = ["id", "responded_on"]


class ScrutinyFindingListApi(ListAPIView):
    serializer_class = ScrutinyFindingSerializer

    @extend_schema(description="The independent scrutiny findings and the partnership's responses, newest first.")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = selectors.scrutiny_findings_visible(actor=request.user)
        page: list[ScrutinyFinding] = self.paginate_queryset(rows) or []
        selectors.findings_listed(actor=request.user, rows=page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=ScrutinyFindingSerializer,
        responses={201: ScrutinyFindingSerializer},
        description="Record a finding of the independent scrutiny, with the partnership's response if it has one.",
    )
    def post(self, request: Request) -> Response:
        given = ScrutinyFindingSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        finding = services.scrutiny_finding_record(
            actor=request.user,
            found_on=d["found_on"],
            scrutineer=d["scrutineer"],
            finding=d["finding"],
            response=d.get("response", ""),
        )
        return Response(ScrutinyFindingSerializer(finding).data, status=status.HTTP_201_CREATED)
