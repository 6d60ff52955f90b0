"""/api/v1/child-protection/cp-is/: child protection status in the shape of the NHS Child Protection Information
Sharing service (CP-IS): the child's NHS number, the plan's start and end, and the responsible local authority with
a contact. For health partners only (access/policy.py); every row read is audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from joinedup.audit.listing import audit_rows_listed

from . import selectors
from .models import ChildProtectionPlan


class ResponsibleAuthoritySerializer(serializers.Serializer):
    name = serializers.CharField()
    dfe_code = serializers.CharField()
    ons_code = serializers.CharField()
    contact_name = serializers.CharField()
    contact_team = serializers.CharField()
    contact_email = serializers.CharField()
    contact_phone = serializers.CharField()


class CpIsPlanSerializer(serializers.ModelSerializer):
    """One child protection plan as CP-IS shares it (a CPP: child protection plan)."""

    nhs_number = serializers.CharField(source="child.nhs_number")
    date_of_birth = serializers.DateField(source="child.date_of_birth", allow_null=True)
    plan_type = serializers.SerializerMethodField()
    plan_start_date = serializers.DateField(source="started_on")
    plan_end_date = serializers.DateField(source="ended_on", allow_null=True)
    responsible_authority = serializers.SerializerMethodField()

    class Meta:
        model = ChildProtectionPlan
        fields = [
            "id",
            "nhs_number",
            "date_of_birth",
            "plan_type",
            "plan_start_date",
            "plan_end_date",
            "responsible_authority",
        ]
        read_only_fields = fields

    def get_plan_type(self, obj: ChildProtectionPlan) -> str:
        return "CPP"

    @extend_schema_field(ResponsibleAuthoritySerializer)
    def get_responsible_authority(self, obj: ChildProtectionPlan) -> dict[str, str]:
        authority = settings.JOINEDUP_AUTHORITY
        enquiry = obj.starting_conference.enquiry
        lead = enquiry.lead_practitioner if enquiry is not None else None
        return {
            "name": str(authority["name"]),
            "dfe_code": str(authority["dfe_code"]),
            "ons_code": str(authority["ons_code"]),
            "contact_name": lead.full_name if lead else "",
            "contact_team": lead.team.name if lead and lead.team else "",
            "contact_email": lead.email if lead else "",
            "contact_phone": lead.phone if lead else "",
        }


class CpIsPlanListApi(ListAPIView):
    serializer_class = CpIsPlanSerializer

    @extend_schema(
        parameters=[OpenApiParameter("nhs_number", str, description="The child's NHS number (10 digits)")],
        description="Child protection plans (open, and ended in the last year) in the shape of the NHS Child "
        "Protection Information Sharing service. Health partners only.",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        nhs_number = "".join(ch for ch in request.query_params.get("nhs_number", "") if ch.isdigit())
        qs = selectors.cp_is_plans(actor=request.user, nhs_number=nhs_number).select_related(
            "starting_conference__enquiry__lead_practitioner__team"
        )
        page = self.paginate_queryset(qs) or []
        data = self.get_serializer(page, many=True).data
        audit_rows_listed(actor=request.user, rows=page)
        return self.get_paginated_response(data)
