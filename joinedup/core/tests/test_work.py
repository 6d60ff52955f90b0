import datetime as dt

from joinedup.core.work import WORK_KIND_HEADINGS, WorkItem, WorkKind, sorted_work

TODAY = dt.date(2026, 12, 7)


def item(title: str, **kw: object) -> WorkItem:
    return WorkItem(kind=WorkKind.REQUEST, title=title, url="/", **kw)  # type: ignore[arg-type]


def test_urgent_first_then_overdue_then_soonest_due_then_undated() -> None:
    items = [
        item("undated"),
        item("due later", due_on=TODAY + dt.timedelta(days=5)),
        item("overdue", due_on=TODAY - dt.timedelta(days=1)),
        item("urgent, due later", due_on=TODAY + dt.timedelta(days=9), is_urgent=True),
        item("due today", due_on=TODAY),
    ]
    assert [i.title for i in sorted_work(items, TODAY)] == [
        "urgent, due later",
        "overdue",
        "due today",
        "due later",
        "undated",
    ]


def test_overdue_means_due_before_today() -> None:
    assert item("x", due_on=TODAY - dt.timedelta(days=1)).is_overdue(TODAY)
    assert not item("x", due_on=TODAY).is_overdue(TODAY)
    assert not item("x").is_overdue(TODAY)


def test_every_kind_has_a_heading() -> None:
    assert set(WORK_KIND_HEADINGS) == set(WorkKind)


def test_items_alike_keep_their_sources_order_not_their_titles() -> None:
    since = TODAY - dt.timedelta(days=3)
    items = [item("Supervision of 9 October 2026", since=since), item("Supervision of 14 October 2026", since=since)]
    assert [i.title for i in sorted_work(items, TODAY)] == [
        "Supervision of 9 October 2026",
        "Supervision of 14 October 2026",
    ]
