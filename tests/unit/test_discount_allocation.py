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
