"""/api/v1/children/<id>/care-episodes/ and /placements/: a child's SSDA903 episodes and placements, for partner
systems and the returns. Scoped (a child the caller may not see is a 404), every row read audited. The care
record's readers get every placement; partners who may see the current placement (the child's nurse, designated
teacher or carer) get that one, without its address details."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.audit.listing import audit_rows_listed

from . import selectors
from .models import AdopterMatch, AdoptionDecision, CareEpisode, DeprivationOfLibertyOrder, Placement


class CareEpisodeOutputSerializer(serializers.ModelSerializer):
    """One row of the SSDA903 Episodes table (DECOM, RNE, LS, PLACE, PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE,
    PL_POST), with the period of care it belongs to."""

    period = serializers.IntegerField(source="period_id")
    legal_status = serializers.CharField(source="legal_status.code")
    placement = serializers.IntegerField(source="placement_id")
    placement_type = serializers.CharField(source="placement.placement_type")
    placement_provider = serializers.CharField(source="placement.provider")
    placement_postcode = serializers.CharField(source="placement.postcode")
    category_of_need = serializers.CharField(source="period.category_of_need")
    reason_place_change = serializers.SerializerMethodField()

    class Meta:
        model = CareEpisode
        fields = [
            "id",
            "period",
            "started_on",
            "reason_new_episode",
            "legal_status",
            "category_of_need",
            "placement",
            "placement_type",
            "placement_provider",
            "placement_postcode",
            "ended_on",
            "reason_ceased",
            "reason_place_change",
        ]
        read_only_fields = fields

    def get_reason_place_change(self, obj: CareEpisode) -> str:
        """REASON_PLACE_CHANGE: on the episode that ended because the placement changed."""
        placement = obj.placement
        if obj.ended_on is not None and placement.ended_on == obj.ended_on and obj.reason_ceased == "X1":
            return placement.reason_for_change
        return ""


class PlacementOutputSerializer(serializers.ModelSerializer):
    period = serializers.IntegerField(source="period_id")
    carer_name = serializers.SerializerMethodField()
    has_care_plan = serializers.SerializerMethodField()

    class Meta:
        model = Placement
        fields = [
            "id",
            "period",
            "placement_type",
            "provider",
            "started_on",
            "ended_on",
            "reason_for_change",
            "carer_name",
            "setting_name",
            "urn",
            "postcode",
            "is_in_authority",
            "distance_miles",
            "visiting_pattern",
            "is_intended_until_eighteen",
            "is_emergency",
            "has_care_plan",
            "care_plan_due_on",
        ]
        read_only_fields = fields

    def get_carer_name(self, obj: Placement) -> str:
        return obj.carer.full_name if obj.carer else ""

    def get_has_care_plan(self, obj: Placement) -> bool:
        return obj.care_plan_id is not None


class PartnerPlacementOutputSerializer(PlacementOutputSerializer):
    """What a partner sees of the child's current placement: not its postcode, distance or care plan details."""

    class Meta(PlacementOutputSerializer.Meta):
        fields = [
            "id",
            "placement_type",
            "provider",
            "started_on",
            "ended_on",
            "carer_name",
            "setting_name",
        ]
        read_only_fields = fields


class ChildCareEpisodeListApi(ListAPIView):
    serializer_class = CareEpisodeOutputSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        child = access_child(request.user, kwargs["child_id"], permission=Permission.VIEW_CARE_RECORD)
        page = self.paginate_queryset(selectors.episodes_for(child=child)) or []
        data = self.get_serializer(page, many=True).data
        audit_rows_listed(actor=request.user, rows=page, child_id=child.pk)
        return self.get_paginated_response(data)


class ChildPlacementListApi(ListAPIView):
    serializer_class = PlacementOutputSerializer

    @extend_schema(
        description="Every placement for the child's care workers; only the current placement, without its address "
        "details, for the partners who work with the child in care."
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        child = access_child(request.user, kwargs["child_id"], permission=Permission.VIEW_CURRENT_PLACEMENT)
        full = has_permission(request.user, Permission.VIEW_CARE_RECORD, child)
        page = self.paginate_queryset(selectors.placements_for(child=child, current_only=not full)) or []
        serializer = PlacementOutputSerializer if full else PartnerPlacementOutputSerializer
        data = serializer(page, many=True).data
        audit_rows_listed(actor=request.user, rows=page, child_id=child.pk)
        return self.get_paginated_response(data)


# -- adoption and deprivation of liberty ---------------------------------------------------------------------------


class AdopterMatchOutputSerializer(serializers.ModelSerializer):
    """SSDA903 AD1: DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR, LS_ADOPTR."""

    class Meta:
        model = AdopterMatch
        fields = [
            "id",
            "matched_on",
            "adopters_are_foster_carers",
            "number_of_adopters",
            "adopters_sex",
            "adopters_legal_status",
        ]
        read_only_fields = fields


class AdoptionDecisionOutputSerializer(serializers.ModelSerializer):
    """The agency decision maker's decision that the child should be placed for adoption (SSDA903 DATE_PLACED), its
    reversal (DATE_PLACED_CEASED, REASON_PLACED_CEASED) and the match with adopters, if recorded."""

    period = serializers.IntegerField(source="period_id")
    match = serializers.SerializerMethodField()

    class Meta:
        model = AdoptionDecision
        fields = ["id", "period", "decided_on", "ceased_on", "reason_ceased", "match"]
        read_only_fields = fields

    @extend_schema_field(AdopterMatchOutputSerializer(allow_null=True))
    def get_match(self, obj: AdoptionDecision) -> dict[str, Any] | None:
        match = getattr(obj, "match", None)
        return dict(AdopterMatchOutputSerializer(match).data) if match is not None else None


class DeprivationOfLibertyOrderOutputSerializer(serializers.ModelSerializer):
    period = serializers.IntegerField(source="period_id")

    class Meta:
        model = DeprivationOfLibertyOrder
        fields = ["id", "period", "started_on", "ended_on"]
        read_only_fields = fields


class ChildAdoptionDecisionListApi(ListAPIView):
    serializer_class = AdoptionDecisionOutputSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        child = access_child(request.user, kwargs["child_id"], permission=Permission.VIEW_CARE_RECORD)
        qs = AdoptionDecision.objects.filter(child=child).select_related("match").order_by("decided_on", "id")
        page = self.paginate_queryset(qs) or []
        data = self.get_serializer(page, many=True).data
        audit_rows_listed(actor=request.user, rows=page, child_id=child.pk)
        return self.get_paginated_response(data)


class ChildDeprivationOfLibertyOrderListApi(ListAPIView):
    serializer_class = DeprivationOfLibertyOrderOutputSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        child = access_child(request.user, kwargs["child_id"], permission=Permission.VIEW_CARE_RECORD)
        page = self.paginate_queryset(
            DeprivationOfLibertyOrder.objects.filter(child=child).order_by("started_on", "id")
        )
        page = page or []
        data = self.get_serializer(page, many=True).data
        audit_rows_listed(actor=request.user, rows=page, child_id=child.pk)
        return self.get_paginated_response(data)
