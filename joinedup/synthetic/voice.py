"""The child's voice at a synthetic plan or decision (M26; issue 18): words a child might say, or why they could not
be obtained, for every stage that writes a plan or decision."""

from __future__ import annotations

import zlib
from datetime import date

from joinedup.core.voice import ChildVoice, VoiceNotObtained

# The child's wishes and feelings at a plan or decision (M26), in their own words, for a synthetic child old enough.
SYNTHETIC_CHILDS_WISHES = [
    "I want to stay at my school and keep seeing my friends.",
    "I like it when Nan picks me up. I don't like it when Mum and her boyfriend shout.",
    "I want my dad to stop drinking so I can see him again.",
    "I don't want anyone else to know. I just want it to stop.",
    "I want to live with my brother and sister, not be split up.",
    "I'm scared to go home when he is there.",
]


def age_on(born: date | None, on: date) -> int:
    """The child's age in years on ``on``; -1 for a child not yet born or whose birthday is not known."""
    if born is None or born > on:
        return -1
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def synthetic_child_voice(age: int, key: str) -> ChildVoice:
    """Plausible words, or why not, for a child of ``age`` (-1 when unborn or not known) at the plan or decision
    named by ``key``. Chosen from the key, not the generator's random stream, so adding it moves nothing else."""
    n = zlib.crc32(key.encode())
    if age < 3:
        return ChildVoice(
            not_obtained=VoiceNotObtained.TOO_YOUNG,
            not_obtained_detail="Observed with their carer: settled, and turned to them for comfort.",
        )
    if n % 10 == 0:
        return ChildVoice(
            not_obtained=VoiceNotObtained.NOT_YET_SEEN,
            not_obtained_detail="To be seen at school this week, with a worker they know.",
        )
    if n % 10 == 1 and age >= 8:
        return ChildVoice(
            not_obtained=VoiceNotObtained.DECLINED,
            not_obtained_detail="Said they did not want to talk today; offered an advocate and another visit.",
        )
    return ChildVoice(words=SYNTHETIC_CHILDS_WISHES[(n // 10) % len(SYNTHETIC_CHILDS_WISHES)])
