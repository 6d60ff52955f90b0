"""A contact in the multi-agency chronology is the agency's that raised it (issue 18): its referrer's organisation's,
or, raised by no organisation (a phone call, the public form), its source's; never children's social care by
default."""

from __future__ import annotations

import pytest

from joinedup.core.chronology import Agency
from joinedup.episodes.codes import ReferralSource
from joinedup.front_door.chronology import contact_agency


@pytest.mark.parametrize(
    ("organisation_type", "source", "agency"),
    [
        ("school", ReferralSource.SCHOOLS, Agency.EDUCATION),
        ("police", ReferralSource.OTHER, Agency.POLICE),  # the organisation, not the source, when there is one
        ("health_visiting", ReferralSource.HEALTH_VISITOR, Agency.HEALTH),
        ("voluntary_sector", ReferralSource.OTHER, Agency.VOLUNTARY_SECTOR),
        (None, ReferralSource.POLICE, Agency.POLICE),
        (None, ReferralSource.HEALTH_A_AND_E, Agency.HEALTH),
        (None, ReferralSource.INDIVIDUAL_FAMILY, Agency.FAMILY),
        (None, ReferralSource.INDIVIDUAL_SELF, Agency.FAMILY),
        (None, ReferralSource.INDIVIDUAL_ACQUAINTANCE, Agency.OTHER),
        (None, ReferralSource.ANONYMOUS, Agency.OTHER),
        (None, ReferralSource.LA_EARLY_HELP, Agency.FAMILY_HELP),
    ],
)
def test_a_contact_is_the_agencys_that_raised_it(organisation_type: str | None, source: str, agency: Agency) -> None:
    assert contact_agency(organisation_type, source) == agency
