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
        ]
        read_only_fields = fields


class ChildDetailOutputSerializer(ChildOutputSerializer):
    disabilities = serializers.SerializerMethodField()
    flags = serializers.SerializerMethodField()

    class Meta(ChildOutputSerializer.Meta):
        fields = [*ChildOutputSerializer.Meta.fields, "disabilities", "flags"]
        read_only_fields = fields

    def get_disabilities(self, obj: Person) -> list[str]:
        return [d.code for d in obj.disabilities.all()]

    def get_flags(self, obj: Person) -> list[str]:
        return [f.code for f in people_selectors.child_greater_risk_flags(child=obj)]


class ChildListApi(ListAPIView):
    serializer_class = ChildOutputSerializer

    def get_queryset(self) -> Any:
        return selectors.child_list(actor=self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.get_queryset()
        page = self.paginate_queryset(queryset)
        data = self.get_serializer(page, many=True).data
        audit_rows_listed(actor=request.user, rows=page or [], child_id=lambda child: child.pk)
        return self.get_paginated_response(data)


class ChildDetailApi(APIView):
    @extend_schema(responses=ChildDetailOutputSerializer)
    def get(self, request: Request, child_id: int) -> Response:
        child = selectors.child_get(actor=request.user, child_id=child_id)
        return Response(ChildDetailOutputSerializer(child).data)
