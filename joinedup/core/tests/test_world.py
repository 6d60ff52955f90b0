from joinedup.core.tests.personas import World


def test_the_world_has_a_child_allocated_to_team_a(world: World) -> None:
    assert world.allocated_child.involvements.get().team == world.team_a
    assert world.allocated_child.child_profile.school == world.school
