"""The family network drawn as a genogram-like diagram (M3): a pure layout of people and links into positioned shapes
and lines, which records/jinja2/records/_family_diagram.svg draws as server-rendered SVG (no JavaScript).

Generations are rows: grandparents, then parents and carers (and aunts and uncles), then the child with brothers and
sisters, then the child's own children (a young parent). Who lives with the child is drawn inside one outline (the
household): in every row they come first, from the left, so the outline is a rectangle holding only them. Others who
matter to the child without a place in the generations (a family friend, another family member, someone who lives in
the household with no recorded relationship) and the professionals involved are listed to the side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from joinedup.people.codes import RelationshipType, Sex

# Sizes in SVG user units (pixels at full size).
NODE = 44  # a person's shape
CELL_WIDTH = 150  # one person's column, room for their name and relationship under the shape
ROW_HEIGHT = 150
MARGIN = 16
GUTTER = 96  # the row headings ("Grandparents"), to the left of each row
LABEL_LINES = 3  # name, relationship, parental responsibility
LABELS_BELOW = NODE / 2 + LABEL_LINES * 16 + 4  # from a shape's centre to just under its labels
SIDE_WIDTH = 250
SIDE_ROW = 44
TITLE_ROOM = 40  # above the first row (the household outline), and above each list at the side


class Shape(StrEnum):
    """Genogram conventions: a square for a male, a circle for a female, a diamond where sex is not known or not
    shared."""

    SQUARE = "square"
    CIRCLE = "circle"
    DIAMOND = "diamond"


class Line(StrEnum):
    PARENT = "parent"  # a parent, or the child's own child: a line of descent
    CARER = "carer"  # a carer, step-parent, guardian or parent's partner: dashed
    SIBLING = "sibling"  # brothers and sisters: joined above the row
    FAMILY = "family"  # grandparents, aunts and uncles: dotted


# Generation rows, top to bottom.
GRANDPARENTS, PARENTS, CHILDREN, CHILDS_CHILDREN = 0, 1, 2, 3
ROW_NAMES = {
    GRANDPARENTS: ("Grandparents",),
    PARENTS: ("Parents", "and carers"),
    CHILDREN: ("The child", "and siblings"),
    CHILDS_CHILDREN: ("The child's", "children"),
}

_PARENT_TYPES = {RelationshipType.MOTHER, RelationshipType.FATHER, RelationshipType.EXPECTANT_PARENT}
_CARER_TYPES = {
    RelationshipType.STEP_PARENT,
    RelationshipType.PARENTS_PARTNER,
    RelationshipType.MALE_CARER,
    RelationshipType.CARER,
    RelationshipType.FOSTER_CARER,
    RelationshipType.KINSHIP_CARER,
    RelationshipType.SPECIAL_GUARDIAN,
}
_SIBLING_TYPES = {RelationshipType.SIBLING, RelationshipType.HALF_SIBLING, RelationshipType.STEP_SIBLING}


@dataclass(frozen=True)
class DiagramPerson:
    """Someone in the network as the diagram needs them. `relationship_type` is what they are to the child, or with
    `child_is_theirs` what the child is to them (the child is their mother: they are the child's child)."""

    key: int
    name: str
    sex: str
    relationship: str  # in words, for the label
    relationship_type: str = ""
    child_is_theirs: bool = False
    has_parental_responsibility: bool = False
    is_significant: bool = False
    lives_with_child: bool = False
    is_deceased: bool = False
    age: str = ""  # in years, "died", or "" when not known


@dataclass(frozen=True)
class Professional:
    name: str
    role: str
    organisation: str


@dataclass
class Node:
    person: DiagramPerson
    x: float  # the centre of the shape
    y: float
    shape: Shape
    is_the_child: bool = False


@dataclass
class Edge:
    kind: Line
    points: list[tuple[float, float]]  # a polyline, from the relative to the child

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'} {x:g} {y:g}" for i, (x, y) in enumerate(self.points))


@dataclass
class Box:
    x: float
    y: float
    width: float
    height: float


@dataclass
class SideEntry:
    name: str
    detail: str
    y: float


@dataclass
class Diagram:
    width: float
    height: float
    nodes: list[Node]
    edges: list[Edge]
    household: Box | None
    rows: list[tuple[tuple[str, ...], float]]  # each row's heading (its lines), at the row's y
    side_x: float
    side_people: list[SideEntry] = field(default_factory=list)
    side_professionals: list[SideEntry] = field(default_factory=list)
    side_professionals_y: float = 0.0


def generation(person: DiagramPerson) -> int | None:
    """The row a person belongs in, or None for the side (no place in the generations)."""
    kind = person.relationship_type
    if person.child_is_theirs:
        # The child is their parent (a young parent's baby); a brother or sister either way round is a sibling.
        if kind in _PARENT_TYPES or kind in _CARER_TYPES:
            return CHILDS_CHILDREN
        if kind in _SIBLING_TYPES:
            return CHILDREN
        return None  # the child's grandchild, niece or nephew: beyond the generations drawn, so at the side
    if kind == RelationshipType.GRANDPARENT:
        return GRANDPARENTS
    if kind in _PARENT_TYPES or kind in _CARER_TYPES or kind == RelationshipType.AUNT_OR_UNCLE:
        return PARENTS
    if kind in _SIBLING_TYPES:
        return CHILDREN
    return None


def _line(person: DiagramPerson) -> Line:
    kind = person.relationship_type
    if kind in _SIBLING_TYPES:
        return Line.SIBLING
    if kind in _PARENT_TYPES or person.child_is_theirs:
        return Line.PARENT
    if kind in _CARER_TYPES:
        return Line.CARER
    return Line.FAMILY


def shape_of(sex: str) -> Shape:
    return {Sex.MALE: Shape.SQUARE, Sex.FEMALE: Shape.CIRCLE}.get(sex, Shape.DIAMOND)  # type: ignore[call-overload]


def _order(person: DiagramPerson) -> tuple[int, int, str, int]:
    # Parental responsibility and parents first within their part of the row; then by name, then record.
    return (
        0 if person.relationship_type in _PARENT_TYPES else 1,
        0 if person.has_parental_responsibility else 1,
        person.name,
        person.key,
    )


def layout(
    child: DiagramPerson, family: Sequence[DiagramPerson], professionals: Sequence[Professional] = ()
) -> Diagram:
    """Position the child, their family and network: generations in rows, those who live with the child inside the
    household outline (first in each row), everyone else after them, the side list for the rest. Every person in
    `family` appears once, in a row or at the side. Pure: no database, no dates."""
    rows: dict[int, tuple[list[DiagramPerson], list[DiagramPerson]]] = {
        g: ([], []) for g in (GRANDPARENTS, PARENTS, CHILDREN, CHILDS_CHILDREN)
    }
    side: list[DiagramPerson] = []
    seen: set[int] = {child.key}
    for person in family:
        if person.key in seen:
            continue
        seen.add(person.key)
        row = generation(person)
        if row is None:
            side.append(person)
        else:
            rows[row][0 if person.lives_with_child else 1].append(person)
    rows[CHILDREN][0].insert(0, child)  # the child is always in their row, in the household if they have one
    for inside, outside in rows.values():
        inside[:] = (inside[:1] if inside and inside[0] is child else []) + sorted(
            (p for p in inside if p is not child), key=_order
        )
        outside.sort(key=_order)
    lives_with_anyone = any(p.lives_with_child for p in family)
    # The household's columns: as many as the fullest row inside it (the child's row holds the child).
    household_columns = max((len(inside) for inside, _ in rows.values()), default=1) if lives_with_anyone else 0
    drawn = [g for g, (inside, outside) in rows.items() if inside or outside]
    columns = max((max(household_columns, len(inside)) + len(outside) for inside, outside in rows.values()), default=1)
    grid_width = max(columns, 1) * CELL_WIDTH
    left = MARGIN + GUTTER
    y_of = {g: MARGIN + TITLE_ROOM + i * ROW_HEIGHT + NODE / 2 for i, g in enumerate(drawn)}

    nodes: list[Node] = []
    by_key: dict[int, Node] = {}
    household_rows: list[int] = []
    for g in drawn:
        inside, outside = rows[g]
        if not lives_with_anyone and g == CHILDREN:  # no household: the child is just first in the row
            outside[:0] = inside
            inside = []
        if inside:
            household_rows.append(g)
        start = household_columns if lives_with_anyone else 0
        placed = [(i, p) for i, p in enumerate(inside)] + [(start + i, p) for i, p in enumerate(outside)]
        for column, person in placed:
            node = Node(
                person=person,
                x=left + column * CELL_WIDTH + CELL_WIDTH / 2,
                y=y_of[g],
                shape=shape_of(person.sex),
                is_the_child=person is child,
            )
            nodes.append(node)
            by_key[person.key] = node

    household = None
    if lives_with_anyone and household_rows:
        top = y_of[household_rows[0]] - NODE / 2 - 38  # room for its label above the lines into the row
        bottom = y_of[household_rows[-1]] + LABELS_BELOW + 4
        household = Box(left + 4, top, household_columns * CELL_WIDTH - 8, bottom - top)

    me = by_key[child.key]
    parents = [n for n in nodes if n.y == y_of.get(PARENTS) and n.person.relationship_type in _PARENT_TYPES]
    edges = [_edge(node, me, parents) for node in nodes if not node.is_the_child]

    side_x = left + grid_width + MARGIN
    side_y = MARGIN + TITLE_ROOM
    side_people = []
    for person in sorted(side, key=lambda p: (not p.is_significant, p.name, p.key)):
        side_people.append(SideEntry(person.name, person.relationship, side_y))
        side_y += SIDE_ROW
    professionals_y = side_y + (TITLE_ROOM if side_people else 0)
    side_professionals = []
    side_y = professionals_y + TITLE_ROOM if professionals else professionals_y
    for professional in professionals:
        side_professionals.append(
            SideEntry(professional.name, f"{professional.role}, {professional.organisation}", side_y)
        )
        side_y += SIDE_ROW
    has_side = bool(side_people or side_professionals)
    grid_bottom = MARGIN + TITLE_ROOM + len(drawn) * ROW_HEIGHT
    width = side_x + SIDE_WIDTH + MARGIN if has_side else left + grid_width + MARGIN
    height = max(grid_bottom, side_y) + MARGIN
    return Diagram(
        width=width,
        height=height,
        nodes=nodes,
        edges=edges,
        household=household,
        rows=[(ROW_NAMES[g], y_of[g]) for g in drawn],
        side_x=side_x,
        side_people=side_people,
        side_professionals=side_professionals,
        side_professionals_y=professionals_y,
    )


def _edge(node: Node, me: Node, parents: list[Node]) -> Edge:
    """The line from a relative to the child, at right angles: from the top of someone in the child's row (joined
    above the row, as genograms join brothers and sisters); from under the labels of someone above, across the gap
    between the rows, into the top of the child (a grandparent's into the top of the first parent, where there is
    one: the line of descent); into the top of the child's own child, from under the child's labels."""
    kind = _line(node.person)
    top = NODE / 2
    if node.y == me.y:
        above = me.y - top - 10
        return Edge(kind, [(node.x, node.y - top), (node.x, above), (me.x, above), (me.x, me.y - top)])
    if node.y > me.y:
        across = node.y - top - 12
        return Edge(kind, [(me.x, me.y + LABELS_BELOW), (me.x, across), (node.x, across), (node.x, node.y - top)])
    target = me
    if me.y - node.y > ROW_HEIGHT and parents:
        target = parents[0]
    across = target.y - top - 12
    if target is me and me.y - node.y > ROW_HEIGHT:
        # Two rows down with no parent to descend through: down the gap beside the child's column.
        gap = me.x - CELL_WIDTH / 2
        mid = node.y + LABELS_BELOW + 8
        return Edge(
            kind,
            [
                (node.x, node.y + LABELS_BELOW),
                (node.x, mid),
                (gap, mid),
                (gap, across),
                (me.x, across),
                (me.x, me.y - top),
            ],
        )
    return Edge(
        kind, [(node.x, node.y + LABELS_BELOW), (node.x, across), (target.x, across), (target.x, target.y - top)]
    )
