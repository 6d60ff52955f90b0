"""/api/v1/children/: exactly the children the caller may see; each read audited. A child's details, and those of
someone in their family network, changed with PATCH (issue 20)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission
from joinedup.audit.listing import audit_rows_listed
from joinedup.people import selectors as people_selectors
from joinedup.people.codes import Disability, Ethnicity, ImmigrationStatus, Sex, SpecialEducationalNeeds
from joinedup.people.models import Person
from joinedup.records import selectors, services
from joinedup.records.services import PERSON_EDITABLE_FIELDS


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


class PersonChangeSerializer(serializers.Serializer):
    """A change to a person's details (M2): send only the fields that change (PATCH). Changing a name, date of birth
    or NHS number needs a `reason`."""

    given_name = serializers.CharField(max_length=100, allow_blank=True, required=False)
    family_name = serializers.CharField(max_length=100, required=False)
    known_as = serializers.CharField(max_length=100, allow_blank=True, required=False)
    date_of_birth = serializers.DateField(allow_null=True, required=False)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    gender = serializers.CharField(max_length=60, allow_blank=True, required=False)
    nhs_number = serializers.CharField(max_length=12, allow_blank=True, required=False)
    ethnicity = serializers.ChoiceField(choices=Ethnicity.choices, required=False, help_text="DfE ethnicity code")
    first_language = serializers.CharField(max_length=60, allow_blank=True, required=False)
    interpreter_needed = serializers.BooleanField(required=False)
    religion = serializers.CharField(max_length=60, allow_blank=True, required=False)
    immigration_status = serializers.ChoiceField(choices=ImmigrationStatus.choices, required=False)
    is_young_parent = serializers.BooleanField(required=False)
    lgbtqia_identity_shared = serializers.CharField(
        max_length=60, allow_blank=True, required=False, help_text="Only where the person chose to share it"
    )
    address = serializers.CharField(max_length=300, allow_blank=True, required=False)
    postcode = serializers.CharField(max_length=8, allow_blank=True, required=False)
    disabilities = serializers.ListField(child=serializers.ChoiceField(choices=Disability.choices), required=False)
    expected_date_of_delivery = serializers.DateField(allow_null=True, required=False, help_text="An unborn child's")
    upn = serializers.CharField(max_length=13, allow_blank=True, required=False)
    uln = serializers.CharField(max_length=10, allow_blank=True, required=False)
    special_educational_needs = serializers.ChoiceField(choices=SpecialEducationalNeeds.choices, required=False)
    school = serializers.IntegerField(allow_null=True, required=False, help_text="The school or setting's id")
    reason = serializers.CharField(
        max_length=1000, allow_blank=True, required=False, help_text="Why a name, date of birth or NHS number changed"
    )


_CHILD_FIELDS = {"expected_date_of_delivery", "upn", "uln", "special_educational_needs"}


class PersonOutputSerializer(serializers.ModelSerializer):
    disabilities = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", *PERSON_EDITABLE_FIELDS, "disabilities"]
        read_only_fields = fields

    def get_disabilities(self, obj: Person) -> list[str]:
        return sorted(d.code for d in obj.disabilities.all())


def _person_changed(request: Request, person: Person, *, for_child: Person | None) -> Person:
    given = PersonChangeSerializer(data=request.data)
    given.is_valid(raise_exception=True)
    data = dict(given.validated_data)
    reason = data.pop("reason", "")
    details = services.person_details_of(person)
    profile = person.child_profile if person.is_child_record else None
    child = services.child_details_of(profile) if profile is not None else None
    for name, value in data.items():
        if name == "school" and child is not None:
            child.school_id = value
        elif name in _CHILD_FIELDS and child is not None:
            setattr(child, name, value if value is not None else "")
        elif hasattr(details, name):
            setattr(details, name, "" if value is None and name != "date_of_birth" else value)
    if child is not None and "expected_date_of_delivery" in data:
        child.expected_date_of_delivery = data["expected_date_of_delivery"]
    return services.person_update(
        actor=request.user, person=person, details=details, child=child, reason=reason, for_child=for_child
    )


class NetworkPersonChangeApi(APIView):
    @extend_schema(
        request=PersonChangeSerializer,
        responses=PersonOutputSerializer,
        description="Change the details of someone in the child's family network who has no child's record of their "
        "own (PATCH: only the fields sent), as for the child.",
    )
    def patch(self, request: Request, child_id: int, person_id: int) -> Response:
        child = access_child(request.user, child_id, permission=Permission.CHANGE_CHILD)
        person = selectors.network_person_get(actor=request.user, child=child, person_id=person_id)
        changed = _person_changed(request, person, for_child=child)
        return Response(PersonOutputSerializer(Person.objects.prefetch_related("disabilities").get(pk=changed.pk)).data)


class ChildDetailApi(APIView):
    @extend_schema(responses=ChildDetailOutputSerializer)
    def get(self, request: Request, child_id: int) -> Response:
        child = selectors.child_get(actor=request.user, child_id=child_id)
        return Response(ChildDetailOutputSerializer(child).data)

    @extend_schema(
        request=PersonChangeSerializer,
        responses=ChildDetailOutputSerializer,
        description="Change a child's details (PATCH: only the fields sent). Each change is audited with its values "
        "before and after; a name, date of birth or NHS number needs a reason. 400 with field errors otherwise.",
    )
    def patch(self, request: Request, child_id: int) -> Response:
        child = access_child(request.user, child_id, permission=Permission.CHANGE_CHILD)
        _person_changed(request, child, for_child=None)
        fresh = selectors.child_list(actor=request.user).prefetch_related("disabilities").get(pk=child.pk)
        return Response(ChildDetailOutputSerializer(fresh).data)
