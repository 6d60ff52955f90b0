"""/api/v1/children/<id>/chronology/: the multi-agency chronology for partner systems. Scoped through access/ (a
child the caller may not see is a 404); a partner's chronology is the work they take part in and what was shared
with them (access/ decides); the read is audited; errors in the API's one shape (joinedup/api/errors.py)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from joinedup.access.lookup import access_child
from joinedup.access.permissions import Permission

from . import selectors


class ChronologyEntryOutputSerializer(serializers.Serializer):
    id = serializers.CharField(source="entry.source_key", help_text="The entry's source key, stable across reads")
    occurred_on = serializers.DateField(source="entry.occurred_on")
    agency = serializers.CharField(source="entry.agency")
    organisation = serializers.CharField(
        source="entry.organisation", help_text="The organisation that recorded it, when known (blank otherwise)"
    )
    event_type = serializers.CharField(source="entry.event_type")
    title = serializers.CharField(source="entry.title")
    detail = serializers.CharField(source="entry.detail")
    url = serializers.CharField(source="entry.url")
    analysis = serializers.CharField()


class ChildChronologyApi(ListAPIView):
    serializer_class = ChronologyEntryOutputSerializer

    @extend_schema(
        description="The child's multi-agency chronology, oldest first, each entry under the agency (and "
        "organisation) that recorded it; a partner gets the work they take part in and what was shared with them."
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        child = access_child(request.user, kwargs["child_id"], permission=Permission.VIEW_CHRONOLOGY)
        view = selectors.chronology_for_child(actor=request.user, child=child, filters=selectors.ChronologyFilters())
        page: list[Any] = self.paginate_queryset(view.rows) or []  # type: ignore[arg-type]
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
