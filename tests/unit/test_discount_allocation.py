"""Splitting a discount over producers' lines: whole đồng, adding up exactly (largest remainder)."""

from decimal import Decimal

import pytest

from marketplace.basket.selectors import money_allocate


def test_shares_are_whole_and_add_up_to_the_amount():
    # 10% of 45.005 / 33.333 / 10.001 ₫ is 4.500,5 / 3.333,3 / 1.000,1: 8.833 ₫ once rounded down.
    weights = {"a": Decimal("4500.5"), "b": Decimal("3333.3"), "c": Decimal("1000.1")}
    shares = money_allocate(amount=8833, weights=weights)
    assert shares == {"a": 4500, "b": 3333, "c": 1000}
    assert sum(shares.values()) == 8833


@pytest.mark.parametrize(
    ("amount", "weights"),
    [
        (100, {1: 1, 2: 1, 3: 1}),
        (1, {1: Decimal("0.5"), 2: Decimal("0.5")}),
        (99999, {1: 125000, 2: 160000, 3: 90000, 4: 7}),
        (7, {1: 3, 2: 0, 3: 4}),
    ],
)
def test_any_split_adds_up_exactly_with_no_share_above_its_fair_ceiling(amount, weights):
    shares = money_allocate(amount=amount, weights=weights)
    assert sum(shares.values()) == amount
    total = sum(Decimal(w) for w in weights.values())
    for key, share in shares.items():
        fair = Decimal(amount) * Decimal(weights[key]) / total
        assert isinstance(share, int) and fair - 1 < share < fair + 1


def test_equal_remainders_go_to_the_earlier_key():
    assert money_allocate(amount=100, weights={"x": 1, "y": 1, "z": 1}) == {"x": 34, "y": 33, "z": 33}


def test_a_key_without_weight_gets_nothing():
    assert money_allocate(amount=7, weights={1: 3, 2: 0, 3: 4}) == {1: 3, 2: 0, 3: 4}


def test_nothing_to_split_gives_zeros_and_no_weight_at_all_is_an_error():
    assert money_allocate(amount=0, weights={1: 0, 2: 5}) == {1: 0, 2: 0}
    with pytest.raises(ValueError):
        money_allocate(amount=5, weights={1: 0, 2: 0})


def test_a_capped_key_passes_its_rounding_dong_to_the_next_largest_remainder():
    # Uncapped, "a" (remainder .6) would take the rounding đồng; it has no room left, so "b" (.4) takes it.
    assert money_allocate(amount=3, weights={"a": Decimal("1.6"), "b": Decimal("1.4")}) == {"a": 2, "b": 1}
    shares = money_allocate(amount=3, weights={"a": Decimal("1.6"), "b": Decimal("1.4")}, caps={"a": 1, "b": 5})
    assert shares == {"a": 1, "b": 2}


def test_caps_that_clip_the_floors_send_the_rest_where_there_is_room():
    shares = money_allocate(amount=10, weights={"a": 9, "b": 1}, caps={"a": 4, "b": 100})
    assert shares == {"a": 4, "b": 6}


def test_more_than_the_caps_hold_is_an_error():
    with pytest.raises(ValueError):
        money_allocate(amount=10, weights={"a": 1, "b": 1}, caps={"a": 4, "b": 5})


def test_a_second_offer_never_takes_a_line_below_zero():
    """Two 50% offers on two 1.005 ₫ lines: the first leaves 502 and 503, the second's 1.005 must fit them."""
    first = money_allocate(amount=1005, weights={1: Decimal("502.5"), 2: Decimal("502.5")})
    assert first == {1: 503, 2: 502}
    caps = {key: 1005 - share for key, share in first.items()}
    # Oscar records 251.25 on each line for the second offer; uncapped, line 1 would get 503 (> its 502 left).
    second = money_allocate(amount=1005, weights={1: Decimal("502.5"), 2: Decimal("502.5")}, caps=caps)
    assert second == {1: 502, 2: 503}
    assert all(first[key] + second[key] <= 1005 for key in first)
