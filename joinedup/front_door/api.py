"""The front door's API (M35): partner systems create contacts and read their status; the front door lists its
queue. Thin: the same services and selectors as the pages, so permissions, audit and rules are identical."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from joinedup.access.permissions import Permission
from joinedup.access.policy import has_permission
from joinedup.harms.codes import ExtraFamilialPerpetration

from . import selectors, services
from .codes import Consent, ContactChannel, ContactKind, FamilyAwareness, Urgency
from .models import Contact


class ContactChildInputSerializer(serializers.Serializer):
    given_name = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    family_name = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    is_unborn = serializers.BooleanField(required=False, default=False)
    expected_date_of_delivery = serializers.DateField(required=False, allow_null=True, default=None)
    nhs_number = serializers.CharField(required=False, allow_blank=True, max_length=12, default="")
    address = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    postcode = serializers.CharField(required=False, allow_blank=True, max_length=8, default="")
    record_id = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="A child's record the caller may see, if known"
    )


class ContactCreateInputSerializer(serializers.Serializer):
    child = ContactChildInputSerializer()
    kind = serializers.ChoiceField(choices=ContactKind.choices, default=ContactKind.CONCERN)
    immediate_danger = serializers.BooleanField()
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    what_happened = serializers.CharField(max_length=10_000, allow_blank=True)
    childs_words = serializers.CharField(max_length=5_000, required=False, allow_blank=True, default="")
    harms = serializers.ListField(child=serializers.CharField(max_length=80), required=False, default=list)
    indicators = serializers.ListField(child=serializers.CharField(max_length=80), required=False, default=list)
    extra_familial_perpetration = serializers.ChoiceField(
        choices=ExtraFamilialPerpetration.choices, required=False, allow_blank=True, default=""
    )
    family_aware = serializers.ChoiceField(choices=FamilyAwareness.choices)
    family_knows = serializers.CharField(max_length=5_000, required=False, allow_blank=True, default="")
    consent = serializers.ChoiceField(choices=Consent.choices)
    consent_reason = serializers.CharField(max_length=2_000, required=False, allow_blank=True, default="")
    support_requested = serializers.CharField(max_length=5_000, required=False, allow_blank=True, default="")


class OutcomeOutputSerializer(serializers.Serializer):
    outcome = serializers.CharField()
    outcome_label = serializers.CharField()
    feedback = serializers.CharField()
    decided_on = serializers.DateField()


class ContactStatusOutputSerializer(serializers.Serializer):
    """A contact's status as its referrer may know it: never the front door's rationale or working notes."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    received_at = serializers.DateTimeField()
    status = serializers.CharField()
    outcome = OutcomeOutputSerializer(allow_null=True)


def _status_data(concern: selectors.PartnerConcern | None, contact: Contact | None = None) -> dict[str, Any]:
    if concern is not None:
        outcome = concern.outcome
        return {
            "id": concern.id,
            "reference": concern.reference,
            "received_at": concern.received_at,
            "status": concern.status,
            "outcome": None
            if outcome is None
            else {
                "outcome": outcome.outcome,
                "outcome_label": outcome.outcome_label,
                "feedback": outcome.feedback,
                "decided_on": outcome.decided_on,
            },
        }
    assert contact is not None
    return {
        "id": contact.pk,
        "reference": contact.reference,
        "received_at": contact.received_at,
        "status": selectors.PARTNER_STATUS[contact.status],  # type: ignore[index]
        "outcome": None,
    }


class ContactCreateApi(APIView):
    """Create a contact from a partner system, as the token's practitioner. Send an `Idempotency-Key` header: the
    same key again returns the contact already made (200) rather than a second one."""

    @extend_schema(
        request=ContactCreateInputSerializer,
        responses={201: ContactStatusOutputSerializer, 200: ContactStatusOutputSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER)],
    )
    def post(self, request: Request) -> Response:
        if not has_permission(request.user, Permission.RAISE_CONCERN):
            raise NotFound
        serializer = ContactCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        child = d["child"]
        received = services.contact_receive(
            actor=request.user,
            channel=ContactChannel.PARTNER_SYSTEM,
            child=services.ChildAsDescribed(
                given_name=child["given_name"],
                family_name=child["family_name"],
                date_of_birth=child["date_of_birth"],
                is_unborn=child["is_unborn"],
                expected_date_of_delivery=child["expected_date_of_delivery"],
                nhs_number=child["nhs_number"],
                address=child["address"],
                postcode=child["postcode"],
            ),
            concern=services.ConcernDetails(
                kind=d["kind"],
                what_happened=d["what_happened"],
                childs_words=d["childs_words"],
                family_aware=d["family_aware"],
                family_knows=d["family_knows"],
                consent=d["consent"],
                consent_reason=d["consent_reason"],
                support_requested=d["support_requested"],
                urgency=d["urgency"],
                immediate_danger=d["immediate_danger"],
                harm_codes=d["harms"],
                indicator_codes=d["indicators"],
                extra_familial_perpetration=d["extra_familial_perpetration"],
            ),
            child_record_id=child["record_id"],
            idempotency_key=request.headers.get("Idempotency-Key", ""),
        )
        data = _status_data(None, received.contact)
        return Response(
            ContactStatusOutputSerializer(data).data,
            status=status.HTTP_201_CREATED if received.created else status.HTTP_200_OK,
        )


class ContactStatusApi(APIView):
    """A contact's status and, once a manager has agreed the decision, its outcome and what the referrer is told.
    For the person (or setting) that raised it; 404 for anyone else."""

    @extend_schema(responses=ContactStatusOutputSerializer)
    def get(self, request: Request, contact_id: int) -> Response:
        concern = selectors.partner_concern_get(actor=request.user, contact_id=contact_id)
        return Response(ContactStatusOutputSerializer(_status_data(concern)).data)


class QueueItemOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="contact.pk")
    reference = serializers.CharField(source="contact.reference")
    received_at = serializers.DateTimeField(source="contact.received_at")
    decision_due_on = serializers.DateField(source="contact.decision_due_on")
    days_overdue = serializers.SerializerMethodField()
    immediate_danger = serializers.BooleanField(source="contact.immediate_danger")
    status = serializers.CharField(source="contact.status")
    referral_source = serializers.CharField(source="contact.source")
    child = serializers.IntegerField(source="contact.child_id", allow_null=True)
    child_name = serializers.SerializerMethodField()
    harms = serializers.SerializerMethodField()
    flags = serializers.SerializerMethodField()
    contacts_in_12_months = serializers.IntegerField()
    referrals_in_12_months = serializers.IntegerField()
    repeated_indicators = serializers.BooleanField()

    def get_days_overdue(self, row: selectors.QueueRow) -> int:
        return max(0, row.days_overdue)

    def get_child_name(self, row: selectors.QueueRow) -> str:
        contact = row.contact
        return contact.child.display_name if contact.child else contact.child_described_name

    def get_harms(self, row: selectors.QueueRow) -> list[str]:
        return list(row.harm_codes)

    def get_flags(self, row: selectors.QueueRow) -> list[str]:
        return [flag.code for flag in row.flags]


class QueuePageOutputSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = QueueItemOutputSerializer(many=True)


class QueueListApi(APIView):
    """The front door's open contacts, as its queue page orders them (immediate danger first, then soonest due);
    50 a page. Each row listed is audited."""

    @extend_schema(
        responses=QueuePageOutputSerializer,
        parameters=[
            OpenApiParameter("tab", OpenApiTypes.STR, enum=list(selectors.QueueTab.LABELS)),
            OpenApiParameter("page", OpenApiTypes.INT),
        ],
    )
    def get(self, request: Request) -> Response:
        if not has_permission(request.user, Permission.WORK_IN_FRONT_DOOR):
            raise NotFound
        tab = request.query_params.get("tab", selectors.QueueTab.ALL)
        if tab not in selectors.QueueTab.LABELS:
            raise serializers.ValidationError({"tab": serializers.ErrorDetail("Unknown queue view", "invalid_choice")})
        page = request.query_params.get("page", "1")
        queue = selectors.mash_queue(
            actor=request.user, tab=tab, page_number=int(page) if page.isdigit() else 1, today=timezone.localdate()
        )

        def link(number: int) -> str | None:
            if not 1 <= number <= queue.page_count or number == queue.page_number:
                return None
            return request.build_absolute_uri(f"{request.path}?tab={tab}&page={number}")

        data = {
            "count": queue.counts[tab],
            "next": link(queue.page_number + 1),
            "previous": link(queue.page_number - 1),
            "results": QueueItemOutputSerializer(queue.rows, many=True).data,
        }
        return Response(data)
