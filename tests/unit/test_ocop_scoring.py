"""The council's arithmetic (programme.scoring): card totals, the exact mean, both rounding rules, the star bands'
edges, knock-out and the central-level proposal."""

from decimal import Decimal
from fractions import Fraction

import pytest

from programme.scoring import (
    CardValue,
    card_knocked_out,
    card_total,
    entry_result,
    mean_decimal,
    mean_of_totals,
    score_round,
)


def cards(*totals, knocked_out=()):
    return [CardValue(total=total, knocked_out=index in knocked_out) for index, total in enumerate(totals)]


def test_a_card_total_is_the_sum_of_its_answers_points():
    assert card_total([20, 10, 15, 0, 5]) == 50
    assert card_total([]) == 0


def test_a_card_is_knocked_out_by_any_failing_answer():
    assert card_knocked_out([False, True, False]) is True
    assert card_knocked_out([False, False]) is False
    assert card_knocked_out([]) is False


def test_the_mean_of_three_cards_is_exact_until_rounded():
    mean = mean_of_totals([69, 70, 70])
    assert mean == Fraction(209, 3)
    assert mean_decimal(mean) == Decimal("69.667")


def test_the_mean_needs_a_card():
    with pytest.raises(ValueError):
        mean_of_totals([])


@pytest.mark.parametrize(
    "mode, expected",
    [("half_up", 70), ("down", 69)],
)
def test_three_members_cards_under_each_rounding_setting(mode, expected):
    result = entry_result(cards(69, 70, 70), mode=mode)
    assert result.mean_exact == Decimal("69.667")
    assert result.score == expected
    assert result.stars == (4 if expected == 70 else 3)


@pytest.mark.parametrize(
    "mean, mode, expected",
    [
        (Fraction(139, 2), "half_up", 70),  # 69.5 → 70
        (Fraction(139, 2), "down", 69),
        (Decimal("69.9"), "down", 69),
        (Decimal("69.9"), "half_up", 70),
        (Decimal("69.49"), "half_up", 69),
        (Fraction(200, 3), "half_up", 67),  # 66.67
        (70, "down", 70),
        (70, "half_up", 70),
    ],
)
def test_rounding_rules(mean, mode, expected):
    assert score_round(mean, mode=mode) == expected


def test_rounding_is_done_once_from_the_exact_mean_not_from_three_decimals():
    # 69.4995 shows as 69.500 with three decimals, which would round up by mistake; the exact value rounds down.
    mean = Fraction(694995, 10000)
    assert mean_decimal(mean) == Decimal("69.500")
    assert score_round(mean, mode="half_up") == 69


def test_an_unknown_rounding_mode_is_refused():
    with pytest.raises(ValueError):
        score_round(70, mode="banker")


@pytest.mark.parametrize(
    "total, stars, certifiable, central",
    [
        (49, 2, False, False),
        (50, 3, True, False),
        (69, 3, True, False),
        (70, 4, True, False),
        (89, 4, True, False),
        (90, 5, True, True),
        (100, 5, True, True),
        (29, 1, False, False),
        (30, 2, False, False),
    ],
)
def test_band_boundaries(total, stars, certifiable, central):
    result = entry_result(cards(total, total, total))
    assert result.score == total
    assert result.stars == stars
    assert result.certifiable is certifiable
    assert result.proposed_central is central
    assert result.not_rated is False


def test_a_mean_just_below_a_band_edge_follows_the_rounding():
    # 89, 90, 90 → 89.67: 90 and 5★ (proposed central) when rounding half up, 89 and 4★ when rounding down.
    up = entry_result(cards(89, 90, 90), mode="half_up")
    down = entry_result(cards(89, 90, 90), mode="down")
    assert (up.score, up.stars, up.proposed_central) == (90, 5, True)
    assert (down.score, down.stars, down.proposed_central) == (89, 4, False)


def test_any_knocked_out_card_means_not_rated():
    result = entry_result(cards(95, 92, 94, knocked_out={1}))
    assert result.not_rated is True
    assert result.stars is None
    assert result.proposed_central is False
    assert result.certifiable is False
    # The mean and score are still kept for the minutes.
    assert result.score == 94
    assert result.cards == 3
