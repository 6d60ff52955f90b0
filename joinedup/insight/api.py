"""The dashboards' and disproportionality figures as JSON for the partnership's own tools (aggregates only)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors


class PeriodSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    start = serializers.DateField()
    end = serializers.DateField()


class RowSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class MeasureSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    numerator_label = serializers.CharField()
    denominator_label = serializers.CharField()
    rows = RowSerializer(many=True)


class DashboardSerializer(serializers.Serializer):
    period = PeriodSerializer()
    team = serializers.IntegerField(allow_null=True)
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    results = MeasureSerializer(many=True)


class GroupSerializer(serializers.Serializer):
    group = serializers.CharField()
    population = serializers.IntegerField()
    count = serializers.IntegerField(allow_null=True, help_text="null when suppressed (fewer than the threshold)")
    rate = serializers.FloatField(allow_null=True, help_text="Per 10,000 children of the group")
    index = serializers.FloatField(allow_null=True, help_text="Relative rate index against the reference group")
    low = serializers.FloatField(allow_null=True)
    high = serializers.FloatField(allow_null=True)
    is_reference = serializers.BooleanField()


class StageSerializer(serializers.Serializer):
    stage = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    total = serializers.IntegerField()
    groups = GroupSerializer(many=True)


class DisproportionalitySerializer(serializers.Serializer):
    period = PeriodSerializer()
    team = serializers.IntegerField(allow_null=True)
    characteristic = serializers.CharField()
    reference = serializers.CharField()
    stage = serializers.CharField()
    suppress_below = serializers.IntegerField()
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    results = StageSerializer(many=True)
    trend_years = serializers.ListField(child=serializers.CharField())
    trend = serializers.DictField(child=serializers.ListField(child=serializers.FloatField(allow_null=True)))


_FILTERS = [
    OpenApiParameter("period", OpenApiTypes.STR, description='"12m" (default) or a collection year such as "2026"'),
    OpenApiParameter("team", OpenApiTypes.INT, description="A team's id: only the children it worked with"),
]


class DashboardApi(APIView):
    @extend_schema(parameters=_FILTERS, responses=DashboardSerializer)
    def get(self, request: Request) -> Response:
        d = selectors.dashboard(
            actor=request.user,
            today=timezone.localdate(),
            period_key=request.query_params.get("period"),
            team_id=request.query_params.get("team"),
        )
        measures = [
            {
                **{k: v for k, v in asdict(m).items() if k != "rows"},
                "rows": [{**asdict(r), "percent": r.percent} for r in m.rows],
            }
            for m in d.measures
        ]
        data: dict[str, Any] = {
            "period": asdict(d.period),
            "team": d.team.pk if d.team else None,
            "count": len(measures),
            "next": None,
            "results": measures,
        }
        return Response(DashboardSerializer(data).data)


class DisproportionalityApi(APIView):
    @extend_schema(
        parameters=[
            *_FILTERS,
            OpenApiParameter(
                "characteristic", OpenApiTypes.STR, description="ethnicity, sex, age, disability, send, area"
            ),
            OpenApiParameter("stage", OpenApiTypes.STR, description="The stage for the five-year trend"),
            OpenApiParameter("reference", OpenApiTypes.STR, description="The reference group (default from the data)"),
        ],
        responses=DisproportionalitySerializer,
    )
    def get(self, request: Request) -> Response:
        q = request.query_params
        r = selectors.disproportionality(
            actor=request.user,
            today=timezone.localdate(),
            period_key=q.get("period"),
            team_id=q.get("team"),
            characteristic=q.get("characteristic") or "ethnicity",
            reference=q.get("reference"),
            stage=q.get("stage") or "referral",
        )
        from .population import suppress_below

        data = {
            "period": asdict(r.period),
            "team": r.team.pk if r.team else None,
            "characteristic": r.characteristic.key,
            "reference": r.reference,
            "stage": r.stage,
            "suppress_below": suppress_below(),
            "count": len(r.stages),
            "next": None,
            "results": [asdict(s) for s in r.stages],
            "trend_years": [p.key for p in r.trend_years],
            "trend": r.trend,
        }
        return Response(DisproportionalitySerializer(data).data)
