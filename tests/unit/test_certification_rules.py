import pytest

from catalogue.certification import is_certifiable, stars_for_score


@pytest.mark.parametrize(
    ("score", "stars"),
    [(100, 5), (90, 5), (89, 4), (70, 4), (69, 3), (50, 3), (49, 2), (30, 2), (29, 1), (0, 1)],
)
def test_score_bands(score, stars):
    assert stars_for_score(score) == stars


@pytest.mark.parametrize("score", [-1, 101])
def test_scores_outside_0_100_are_refused(score):
    with pytest.raises(ValueError):
        stars_for_score(score)


def test_only_three_stars_and_above_are_certified():
    assert is_certifiable(50)
    assert not is_certifiable(49)
