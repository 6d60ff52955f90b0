"""The family network's layout (records/family_diagram.py): a pure function from people and links to positioned
shapes and lines. Generations in rows, those who live with the child inside one outline holding only them, everyone
placed once, and a large family laid out without two people in one place."""

from __future__ import annotations

from itertools import combinations

from joinedup.people.codes import RelationshipType as R
from joinedup.people.codes import Sex
from joinedup.records.family_diagram import (
    CHILDREN,
    GRANDPARENTS,
    PARENTS,
    DiagramPerson,
    Line,
    Professional,
    Shape,
    generation,
    layout,
)

CHILD = DiagramPerson(key=1, name="Amelia Whitfield", sex=Sex.FEMALE, relationship="The child", lives_with_child=True)


def person(key: int, kind: str, *, sex: str = Sex.FEMALE, home: bool = False, **kw: object) -> DiagramPerson:
    return DiagramPerson(
        key=key, name=f"Person {key}", sex=sex, relationship=kind, relationship_type=kind, lives_with_child=home, **kw
    )  # type: ignore[arg-type]


def by_key(diagram: object) -> dict[int, object]:
    return {n.person.key: n for n in diagram.nodes}  # type: ignore[attr-defined]


def test_generations_are_rows_grandparents_above_parents_above_the_child_and_siblings() -> None:
    family = [
        person(2, R.MOTHER, home=True),
        person(3, R.FATHER, sex=Sex.MALE),
        person(4, R.GRANDPARENT),
        person(5, R.SIBLING, sex=Sex.MALE, home=True),
        person(6, R.AUNT_OR_UNCLE, sex=Sex.MALE),
    ]
    diagram = layout(CHILD, family)
    nodes = by_key(diagram)
    assert nodes[4].y < nodes[2].y == nodes[3].y == nodes[6].y < nodes[1].y == nodes[5].y  # type: ignore[attr-defined]
    assert [heading for heading, _ in diagram.rows] == [
        ("Grandparents",),
        ("Parents", "and carers"),
        ("The child", "and siblings"),
    ]
    assert [generation(p) for p in family] == [PARENTS, PARENTS, GRANDPARENTS, CHILDREN, PARENTS]


def test_shapes_follow_genogram_conventions_with_a_neutral_shape_where_sex_is_not_known() -> None:
    family = [person(2, R.MOTHER), person(3, R.FATHER, sex=Sex.MALE), person(4, R.SIBLING, sex=Sex.UNKNOWN)]
    nodes = by_key(layout(CHILD, family))
    assert [nodes[k].shape for k in (2, 3, 4)] == [Shape.CIRCLE, Shape.SQUARE, Shape.DIAMOND]  # type: ignore[attr-defined]
    assert nodes[1].is_the_child and not nodes[2].is_the_child  # type: ignore[attr-defined]


def test_the_household_outline_holds_exactly_those_who_live_with_the_child() -> None:
    family = [
        person(2, R.MOTHER, home=True),
        person(3, R.FATHER, sex=Sex.MALE),  # lives elsewhere
        person(4, R.STEP_PARENT, sex=Sex.MALE, home=True),
        person(5, R.SIBLING, home=True),
        person(6, R.HALF_SIBLING),  # lives elsewhere
    ]
    diagram = layout(CHILD, family)
    box = diagram.household
    assert box is not None

    def inside(node: object) -> bool:
        return box.x < node.x < box.x + box.width and box.y < node.y < box.y + box.height  # type: ignore[attr-defined]

    assert {n.person.key for n in diagram.nodes if inside(n)} == {1, 2, 4, 5}


def test_with_no_one_living_with_the_child_there_is_no_outline() -> None:
    diagram = layout(CHILD, [person(2, R.FOSTER_CARER)])
    assert diagram.household is None
    assert [e.kind for e in diagram.edges] == [Line.CARER]


def test_each_relative_is_joined_to_the_child_by_the_kind_of_line_their_relationship_takes() -> None:
    family = [
        person(2, R.MOTHER),
        person(3, R.PARENTS_PARTNER, sex=Sex.MALE),
        person(4, R.SIBLING),
        person(5, R.GRANDPARENT),
    ]
    diagram = layout(CHILD, family)
    nodes = by_key(diagram)
    kinds = sorted(e.kind for e in diagram.edges)
    assert kinds == sorted([Line.PARENT, Line.CARER, Line.SIBLING, Line.FAMILY])
    child = nodes[1]
    for edge in diagram.edges:
        assert edge.path.startswith("M ")
        if edge.kind != Line.FAMILY:  # a grandparent's line descends into the first parent
            assert edge.points[-1] == (child.x, child.y - 22)  # type: ignore[attr-defined]
    grandparent = next(e for e in diagram.edges if e.kind == Line.FAMILY)
    assert grandparent.points[-1] == (nodes[2].x, nodes[2].y - 22)  # type: ignore[attr-defined]


def test_a_young_parents_own_child_is_drawn_below_them() -> None:
    baby = DiagramPerson(
        key=9,
        name="Baby",
        sex=Sex.UNKNOWN,
        relationship="Amelia is their mother",
        relationship_type=R.MOTHER,
        child_is_theirs=True,
    )
    nodes = by_key(layout(CHILD, [baby]))
    assert nodes[9].y > nodes[1].y  # type: ignore[attr-defined]


def test_family_friends_and_professionals_are_to_the_side_not_in_a_generation() -> None:
    friend = person(7, R.FAMILY_FRIEND, is_significant=True)
    diagram = layout(CHILD, [friend], [Professional("Sam Okafor", "Allocated social worker", "Test Borough Council")])
    assert 7 not in by_key(diagram)
    assert [(e.name, e.detail) for e in diagram.side_people] == [("Person 7", R.FAMILY_FRIEND)]
    assert [e.name for e in diagram.side_professionals] == ["Sam Okafor"]
    assert all(e.y > diagram.side_people[-1].y for e in diagram.side_professionals)
    assert diagram.side_x > max(n.x for n in diagram.nodes)
    assert diagram.width >= diagram.side_x + 200


def test_a_large_family_places_everyone_once_apart_and_inside_the_drawing() -> None:
    kinds = [R.GRANDPARENT] * 4 + [R.MOTHER, R.FATHER, R.STEP_PARENT] + [R.AUNT_OR_UNCLE] * 5 + [R.SIBLING] * 8
    family = [person(10 + i, k, home=i % 3 == 0) for i, k in enumerate(kinds)]
    family += [person(100 + i, R.OTHER_FAMILY) for i in range(4)]
    diagram = layout(CHILD, family, [Professional(f"Worker {i}", "Role", "Agency") for i in range(3)])
    placed = [n.person.key for n in diagram.nodes] + [int(e.name.split()[-1]) + 0 for e in diagram.side_people]
    assert sorted(placed) == sorted([1, *(p.key for p in family)])
    for a, b in combinations(diagram.nodes, 2):
        assert (a.x, a.y) != (b.x, b.y)
    assert all(0 < n.x < diagram.width and 0 < n.y < diagram.height for n in diagram.nodes)
    assert all(e.y < diagram.height for e in diagram.side_people + diagram.side_professionals)
    # The same person listed twice (a relationship both ways) is drawn once.
    assert len(layout(CHILD, [family[0], family[0]]).nodes) == 2
