"""Child protection's work waiting for a person (issue 19), read by the home page and My work through
joinedup/core/work.py: the strategy discussions a partner has yet to record their contribution to, and the actions
a person owns from a strategy discussion or a child protection plan. Each source reads in one query, only what the
person may see."""

from joinedup.core.work import WorkKind, WorkSource

from .selectors import contributions_to_record_work, plan_actions_owned_work, strategy_actions_owned_work

WORK_SOURCES = [
    WorkSource("child_protection.contributions", WorkKind.CONTRIBUTION, contributions_to_record_work),
    WorkSource("child_protection.strategy_actions", WorkKind.ACTION, strategy_actions_owned_work),
    WorkSource("child_protection.plan_actions", WorkKind.ACTION, plan_actions_owned_work),
]
