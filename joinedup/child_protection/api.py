"""/api/v1/child-protection/cp-is/: child protection status in the shape of the NHS Child Protection Information
Sharing service (CP-IS): the child's NHS number, the plan's start and end, and the responsible local authority with
a contact. A health partner looks up one child by NHS number (an unborn child by the pregnant person's); only a named
partner system receives every plan, at /cp-is/feed/ (access/policy.py, issue 26). Every row read is audited, and
every child a lookup finds."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
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

    nhs_number = serializers.SerializerMethodField(
        help_text="The child's NHS number; for an unborn child, the pregnant person's"
    )
    unborn = serializers.SerializerMethodField()
    expected_date_of_delivery = serializers.SerializerMethodField()
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
            "unborn",
            "expected_date_of_delivery",
            "date_of_birth",
            "plan_type",
            "plan_start_date",
            "plan_end_date",
            "responsible_authority",
        ]
        read_only_fields = fields

    def get_plan_type(self, obj: ChildProtectionPlan) -> str:
        return "CPP"

    def get_nhs_number(self, obj: ChildProtectionPlan) -> str:
        profile = _unborn_profile(obj)
        if profile is not None and profile.pregnant_person is not None:
            return str(profile.pregnant_person.nhs_number or "")
        return str(obj.child.nhs_number or "")

    def get_unborn(self, obj: ChildProtectionPlan) -> bool:
        return _unborn_profile(obj) is not None

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_expected_date_of_delivery(self, obj: ChildProtectionPlan) -> date | None:
        profile = _unborn_profile(obj)
        return profile.expected_date_of_delivery if profile is not None else None

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


def _unborn_profile(obj: ChildProtectionPlan) -> Any:
    profile = getattr(obj.child, "child_profile", None)
    return profile if profile is not None and profile.is_unborn else None


class _CpIsPlans(ListAPIView):
    """The plans each endpoint's get_queryset finds, audited as listed, a page at a time."""

    serializer_class = CpIsPlanSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        qs = self.get_queryset().select_related("starting_conference__enquiry__lead_practitioner__team")
        page = self.paginate_queryset(qs) or []
        data = self.get_serializer(page, many=True).data
        audit_rows_listed(actor=request.user, rows=page)
        return self.get_paginated_response(data)


class CpIsPlanListApi(_CpIsPlans):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "nhs_number",
                str,
                required=True,
                description="The child's NHS number (10 digits); for an unborn child, the pregnant person's",
            )
        ],
        description="The child protection plans (open, and ended in the last year) of one child, found by NHS "
        "number, in the shape of the NHS Child Protection Information Sharing service. Health partners only; every "
        "child found is in their record's access log.",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[ChildProtectionPlan]:
        request = self.request
        return selectors.cp_is_lookup(actor=request.user, nhs_number=request.query_params.get("nhs_number", ""))


class CpIsFeedApi(_CpIsPlans):
    @extend_schema(
        description="Every child protection plan (open, and ended in the last year) in the shape of the NHS Child "
        "Protection Information Sharing service: the bulk feed, for a named partner system whose API token grants "
        "it, never a person."
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[ChildProtectionPlan]:
        return selectors.cp_is_feed(actor=self.request.user)
