"""/api/v1/organisations/, /api/v1/teams/, /api/v1/practitioners/: joiners, movers and leavers through the API
(issue 20), the same services as the administrator's pages (access/staff.py), so the same checks, errors (the API's
one shape, joinedup/api/errors.py) and audit. Anyone but the administrator gets 404, as for the pages. A partner
system's token never reaches them: no scope gives the permission (access/api_scopes.py). Lists are paginated (`count`,
`next`, `previous`, `results`). No child is named: a leaver's deactivation answers how many children it released."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from joinedup.agencies.models import Organisation, OrganisationType, Practitioner, Team, TeamType
from joinedup.agencies.roles import Role
from joinedup.core.errors import field_error

from . import staff as services


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "organisation_type", "urn", "ods_code", "police_force_code", "address", "postcode"]
        read_only_fields = fields


class OrganisationInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    organisation_type = serializers.ChoiceField(choices=OrganisationType.choices, required=False)
    urn = serializers.CharField(max_length=8, required=False, allow_blank=True, help_text="A school's DfE URN")
    ods_code = serializers.CharField(max_length=10, required=False, allow_blank=True, help_text="An NHS ODS code")
    police_force_code = serializers.CharField(
        max_length=2, required=False, allow_blank=True, help_text="A police force's two-digit code"
    )
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=8, required=False, allow_blank=True)


class TeamSerializer(serializers.ModelSerializer):
    organisation_id = serializers.IntegerField(read_only=True)
    manager_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Team
        fields = ["id", "name", "organisation_id", "team_type", "manager_id"]
        read_only_fields = fields


class TeamInputSerializer(serializers.Serializer):
    organisation_id = serializers.IntegerField(required=False, help_text="Required when adding a team")
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    team_type = serializers.ChoiceField(choices=TeamType.choices, required=False)
    manager_id = serializers.IntegerField(required=False, allow_null=True)


class PractitionerSerializer(serializers.ModelSerializer):
    organisation_id = serializers.IntegerField(read_only=True)
    team_id = serializers.IntegerField(read_only=True, allow_null=True)
    username = serializers.SerializerMethodField()
    sign_in = serializers.SerializerMethodField(help_text="Whether they can sign in, in words")

    class Meta:
        model = Practitioner
        fields = [
            "id",
            "given_name",
            "family_name",
            "job_title",
            "role",
            "organisation_id",
            "team_id",
            "email",
            "phone",
            "social_work_england_number",
            "is_designated_safeguarding_lead",
            "left_on",
            "username",
            "sign_in",
        ]
        read_only_fields = fields

    def get_username(self, obj: Practitioner) -> str | None:
        return obj.user.username if obj.user else None

    def get_sign_in(self, obj: Practitioner) -> str:
        return services.account_status(obj)


class PractitionerInputSerializer(serializers.Serializer):
    organisation_id = serializers.IntegerField(required=False, help_text="Required when adding a practitioner")
    team_id = serializers.IntegerField(
        required=False, allow_null=True, help_text="When adding only: a team changes by moving them"
    )
    given_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    family_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    social_work_england_number = serializers.CharField(max_length=12, required=False, allow_blank=True)
    is_designated_safeguarding_lead = serializers.BooleanField(required=False)


class InviteInputSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, allow_blank=True)


class InvitationSerializer(serializers.Serializer):
    practitioner = PractitionerSerializer()
    enrolment_url = serializers.CharField(help_text="The one-time link: shown this once, never stored")
    expires_at = serializers.DateTimeField()


class MoveInputSerializer(serializers.Serializer):
    team_id = serializers.IntegerField(allow_null=True)


class MoveSerializer(serializers.Serializer):
    practitioner = PractitionerSerializer()
    from_team_id = serializers.IntegerField(allow_null=True)
    to_team_id = serializers.IntegerField()
    children_allocated = serializers.IntegerField(help_text="Children still allocated to them, for managers to decide")


class DeactivateInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, allow_blank=True)


class DepartureSerializer(serializers.Serializer):
    practitioner = PractitionerSerializer()
    sessions_ended = serializers.IntegerField()
    tokens_revoked = serializers.IntegerField()
    involvements_ended = serializers.IntegerField()
    children_released = serializers.IntegerField(help_text="Children whose involvement with them ended")


def _valid(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    given = serializer_class(data=data)
    given.is_valid(raise_exception=True)
    return dict(given.validated_data)


def _organisation_of(data: dict[str, Any]) -> int:
    """The organisation a new team or practitioner belongs to: required, and one that exists (404 otherwise)."""
    organisation_id = data.pop("organisation_id", None)
    if organisation_id is None:
        raise field_error("organisation_id", "Give the organisation they belong to", "organisation_required")
    return int(organisation_id)


def _merged(current: Any, fields: tuple[str, ...], given: dict[str, Any]) -> dict[str, Any]:
    """A change through the API gives only what changes: the rest is as it is."""
    return {**{name: getattr(current, name) for name in fields}, **given}


class OrganisationListApi(ListAPIView):
    serializer_class = OrganisationSerializer

    def get_queryset(self) -> Any:
        return services.organisations_overview(actor=self.request.user, kind=self.request.query_params.get("kind", ""))

    @extend_schema(request=OrganisationInputSerializer, responses={201: OrganisationSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.administrator_required(request.user)  # 404 for anyone else, before the body is read
        data = _valid(OrganisationInputSerializer, request.data)
        organisation = services.organisation_create(actor=request.user, data=data)
        return Response(OrganisationSerializer(organisation).data, status=status.HTTP_201_CREATED)


class OrganisationDetailApi(APIView):
    @extend_schema(responses={200: OrganisationSerializer})
    def get(self, request: Request, organisation_id: int) -> Response:
        found = services.organisation_get(actor=request.user, organisation_id=organisation_id)
        return Response(OrganisationSerializer(found).data)

    @extend_schema(request=OrganisationInputSerializer, responses={200: OrganisationSerializer})
    def patch(self, request: Request, organisation_id: int) -> Response:
        found = services.organisation_get(actor=request.user, organisation_id=organisation_id)
        data = _merged(found, services.ORGANISATION_FIELDS, _valid(OrganisationInputSerializer, request.data))
        changed = services.organisation_update(actor=request.user, organisation_id=found.pk, data=data)
        return Response(OrganisationSerializer(changed).data)


class TeamListApi(ListAPIView):
    serializer_class = TeamSerializer

    def get_queryset(self) -> Any:
        organisation = self.request.query_params.get("organisation")
        return services.teams_of(
            actor=self.request.user,
            organisation_id=int(organisation) if organisation and organisation.isdigit() else None,
        )

    @extend_schema(request=TeamInputSerializer, responses={201: TeamSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.administrator_required(request.user)
        data = _valid(TeamInputSerializer, request.data)
        team = services.team_create(actor=request.user, organisation_id=_organisation_of(data), data=data)
        return Response(TeamSerializer(team).data, status=status.HTTP_201_CREATED)


class TeamDetailApi(APIView):
    @extend_schema(responses={200: TeamSerializer})
    def get(self, request: Request, team_id: int) -> Response:
        return Response(TeamSerializer(services.team_get(actor=request.user, team_id=team_id)).data)

    @extend_schema(request=TeamInputSerializer, responses={200: TeamSerializer})
    def patch(self, request: Request, team_id: int) -> Response:
        found = services.team_get(actor=request.user, team_id=team_id)
        given = _valid(TeamInputSerializer, request.data)
        given.pop("organisation_id", None)
        changed = services.team_update(
            actor=request.user, team_id=found.pk, data=_merged(found, services.TEAM_FIELDS, given)
        )
        return Response(TeamSerializer(changed).data)


class PractitionerListApi(ListAPIView):
    serializer_class = PractitionerSerializer

    def get_queryset(self) -> Any:
        params = self.request.query_params
        organisation, team = params.get("organisation", ""), params.get("team", "")
        return services.practitioners_of(
            actor=self.request.user,
            organisation_id=int(organisation) if organisation.isdigit() else None,
            team_id=int(team) if team.isdigit() else None,
        )

    @extend_schema(request=PractitionerInputSerializer, responses={201: PractitionerSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.administrator_required(request.user)
        data = _valid(PractitionerInputSerializer, request.data)
        practitioner = services.practitioner_create(
            actor=request.user, organisation_id=_organisation_of(data), data=data
        )
        found = services.practitioner_get(actor=request.user, practitioner_id=practitioner.pk)
        return Response(PractitionerSerializer(found).data, status=status.HTTP_201_CREATED)


class PractitionerDetailApi(APIView):
    @extend_schema(responses={200: PractitionerSerializer})
    def get(self, request: Request, practitioner_id: int) -> Response:
        found = services.practitioner_get(actor=request.user, practitioner_id=practitioner_id)
        return Response(PractitionerSerializer(found).data)

    @extend_schema(request=PractitionerInputSerializer, responses={200: PractitionerSerializer})
    def patch(self, request: Request, practitioner_id: int) -> Response:
        found = services.practitioner_get(actor=request.user, practitioner_id=practitioner_id)
        given = _valid(PractitionerInputSerializer, request.data)
        given.pop("organisation_id", None)
        given.pop("team_id", None)
        data = _merged(found, services.PRACTITIONER_FIELDS, given)
        services.practitioner_update(actor=request.user, practitioner_id=found.pk, data=data)
        changed = services.practitioner_get(actor=request.user, practitioner_id=found.pk)
        return Response(PractitionerSerializer(changed).data)


class PractitionerInviteApi(APIView):
    @extend_schema(request=InviteInputSerializer, responses={201: InvitationSerializer})
    def post(self, request: Request, practitioner_id: int) -> Response:
        services.practitioner_get(actor=request.user, practitioner_id=practitioner_id)
        data = _valid(InviteInputSerializer, request.data)
        invitation = services.user_invite(
            actor=request.user, practitioner_id=practitioner_id, username=data["username"]
        )
        found = services.practitioner_get(actor=request.user, practitioner_id=practitioner_id)
        url = request.build_absolute_uri(reverse("access:enrolment_link_open", args=[invitation.token]))
        body = {"practitioner": found, "enrolment_url": url, "expires_at": invitation.link.expires_at}
        return Response(InvitationSerializer(body).data, status=status.HTTP_201_CREATED)


class PractitionerMoveApi(APIView):
    @extend_schema(request=MoveInputSerializer, responses={200: MoveSerializer})
    def post(self, request: Request, practitioner_id: int) -> Response:
        services.practitioner_get(actor=request.user, practitioner_id=practitioner_id)
        data = _valid(MoveInputSerializer, request.data)
        move = services.practitioner_move(actor=request.user, practitioner_id=practitioner_id, team_id=data["team_id"])
        body = {
            "practitioner": services.practitioner_get(actor=request.user, practitioner_id=practitioner_id),
            "from_team_id": move.from_team.pk if move.from_team else None,
            "to_team_id": move.to_team.pk,
            "children_allocated": move.children,
        }
        return Response(MoveSerializer(body).data)


class PractitionerDeactivateApi(APIView):
    @extend_schema(request=DeactivateInputSerializer, responses={200: DepartureSerializer})
    def post(self, request: Request, practitioner_id: int) -> Response:
        services.practitioner_get(actor=request.user, practitioner_id=practitioner_id)
        data = _valid(DeactivateInputSerializer, request.data)
        gone = services.practitioner_deactivate(
            actor=request.user, practitioner_id=practitioner_id, reason=data["reason"]
        )
        body = {
            "practitioner": services.practitioner_get(actor=request.user, practitioner_id=practitioner_id),
            "sessions_ended": gone.sessions_ended,
            "tokens_revoked": gone.tokens_revoked,
            "involvements_ended": gone.involvements_ended,
            "children_released": len(gone.children),
        }
        return Response(DepartureSerializer(body).data)
