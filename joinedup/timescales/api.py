"""/api/v1/deadlines/: the deadlines of the children the caller may see, filtered and paginated; each row read
is audited, as for /api/v1/children/."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from joinedup.audit.listing import audit_rows_listed

from . import selectors
from .engine import DeadlineStatus
from .errors import TimescalesError
from .models import Deadline
from .rules import RULE_CODES


class DeadlineFilterSerializer(serializers.Serializer):
    child = serializers.IntegerField(required=False, min_value=1)
    rule = serializers.ChoiceField(choices=list(RULE_CODES), required=False)
    status = serializers.ChoiceField(choices=[s.value for s in DeadlineStatus], required=False)
    due_from = serializers.DateField(required=False, input_formats=["iso-8601"])
    due_to = serializers.DateField(required=False, input_formats=["iso-8601"])

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        due_from, due_to = attrs.get("due_from"), attrs.get("due_to")
        if due_from and due_to and due_from > due_to:
            raise serializers.ValidationError(
                {
                    "due_to": serializers.ErrorDetail(
                        "due_to must be on or after due_from", TimescalesError.INVALID_DATE_RANGE
                    )
                }
            )
        return attrs

    def filters(self) -> selectors.DeadlineFilters:
        d = self.validated_data
        return selectors.DeadlineFilters(
            child_id=d.get("child"),
            rule_code=d.get("rule"),
            status=DeadlineStatus(d["status"]) if d.get("status") else None,
            due_from=d.get("due_from"),
            due_to=d.get("due_to"),
        )


class DeadlineOutputSerializer(serializers.ModelSerializer):
    child = serializers.IntegerField(source="child_id")
    rule = serializers.CharField(source="rule_code")
    rule_what = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    assignee = serializers.IntegerField(source="assignee_id", allow_null=True)
    team = serializers.IntegerField(source="team_id", allow_null=True)

    class Meta:
        model = Deadline
        fields = [
            "id",
            "child",
            "rule",
            "rule_what",
            "interval",
            "is_local",
            "figure_applied",
            "subject_key",
            "started_on",
            "started_at",
            "due_on",
            "due_at",
            "met_on",
            "status",
            "assignee",
            "team",
        ]
        read_only_fields = fields

    def get_rule_what(self, obj: Deadline) -> str:
        return obj.rule.what

    @extend_schema_field(serializers.ChoiceField(choices=[s.value for s in DeadlineStatus]))
    def get_status(self, obj: Deadline) -> str:
        return obj.status_on(self.context["today"]).value


_FILTER_PARAMETERS = [
    OpenApiParameter("child", OpenApiTypes.INT, description="A child's id"),
    OpenApiParameter("rule", OpenApiTypes.STR, enum=list(RULE_CODES), description="A rule code from RULES.md"),
    OpenApiParameter("status", OpenApiTypes.STR, enum=[s.value for s in DeadlineStatus]),
    OpenApiParameter("due_from", OpenApiTypes.DATE, description="Due on or after this date"),
    OpenApiParameter("due_to", OpenApiTypes.DATE, description="Due on or before this date"),
]


class DeadlineListApi(ListAPIView):
    serializer_class = DeadlineOutputSerializer

    def get_queryset(self) -> Any:
        filters = DeadlineFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.deadline_list(actor=self.request.user, filters=filters.filters(), today=self._today)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": self._today}

    @extend_schema(parameters=_FILTER_PARAMETERS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._today = timezone.localdate()
        page = self.paginate_queryset(self.get_queryset())
        data = self.get_serializer(page, many=True).data
        audit_rows_listed(actor=request.user, rows=page or [])
        return self.get_paginated_response(data)
