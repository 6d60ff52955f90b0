"""/api/v1/children/: exactly the children the caller may see; each read audited."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from joinedup.audit.listing import audit_rows_listed
from joinedup.people import selectors as people_selectors
from joinedup.people.models import Person
from joinedup.records import selectors


class ChildOutputSerializer(serializers.ModelSerializer):
    flags = serializers.SerializerMethodField(help_text="The child's greater-risk flags (M9), by code")
    is_unborn = serializers.BooleanField(source="child_profile.is_unborn")
    expected_date_of_delivery = serializers.DateField(source="child_profile.expected_date_of_delivery", allow_null=True)
    upn = serializers.CharField(source="child_profile.upn")
    special_educational_needs = serializers.CharField(source="child_profile.special_educational_needs")
    father_status = serializers.CharField(source="child_profile.father_status")

    class Meta:
        model = Person
        fields = [
            "id",
            "given_name",
            "family_name",
            "known_as",
            "date_of_birth",
            "sex",
            "nhs_number",
            "ethnicity",
            "first_language",
            "religion",
            "immigration_status",
            "postcode",
            "is_unborn",
            "expected_date_of_delivery",
            "upn",
            "special_educational_needs",
            "father_status",
            "is_restricted",
            "flags",
        ]
        read_only_fields = fields

    def get_flags(self, obj: Person) -> list[str]:
        """From the flags of the whole page, read in one query by the list (context "flags"), or the child's own."""
        page_flags: dict[int, list[people_selectors.RiskFlag]] = self.context.get("flags") or {}
        if obj.pk in page_flags:
            return [f.code for f in page_flags[obj.pk]]
        return [f.code for f in people_selectors.child_greater_risk_flags(child=obj)]


class ChildDetailOutputSerializer(ChildOutputSerializer):
    disabilities = serializers.SerializerMethodField()

    class Meta(ChildOutputSerializer.Meta):
        fields = [*ChildOutputSerializer.Meta.fields, "disabilities"]
        read_only_fields = fields

    def get_disabilities(self, obj: Person) -> list[str]:
        return [d.code for d in obj.disabilities.all()]


class ChildListApi(ListAPIView):
    serializer_class = ChildOutputSerializer

    def get_queryset(self) -> Any:
        return selectors.child_list(actor=self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.get_queryset()
        page = self.paginate_queryset(queryset) or []
        # Each child's greater-risk flags (issue 18): the whole page's in one query, not one per child.
        flags = people_selectors.greater_risk_flags(child_ids=[child.pk for child in page])
        data = self.get_serializer(page, many=True, context={**self.get_serializer_context(), "flags": flags}).data
        audit_rows_listed(actor=request.user, rows=page, child_id=lambda child: child.pk)
        return self.get_paginated_response(data)


class ChildDetailApi(APIView):
    @extend_schema(responses=ChildDetailOutputSerializer)
    def get(self, request: Request, child_id: int) -> Response:
        child = selectors.child_get(actor=request.user, child_id=child_id)
        return Response(ChildDetailOutputSerializer(child).data)
