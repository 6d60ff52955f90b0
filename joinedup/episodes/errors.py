"""Machine-readable error codes of the episode of need (stable values: the API returns them)."""

from enum import StrEnum


class EpisodeError(StrEnum):
    ALREADY_OPEN = "episode_already_open"
    EPISODE_CLOSED = "episode_closed"
    CLOSURE_REASON_REQUIRED = "closure_reason_required"
    TIER_UNKNOWN = "tier_unknown"
