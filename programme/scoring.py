"""The council's arithmetic, as pure functions (no database): a card's total and knock-out, the product's mean
over the members' submitted cards, its rounding (``settings.OCOP_SCORE_ROUNDING``), its stars and whether it goes
to the central level for 5★.

Rules (stated in the README):
- a card's total is the sum of its chosen answers' points; it is knocked out when any chosen answer fails a
  knock-out criterion;
- the product's mean is taken over the submitted cards only (drafts do not count); it is exact (a fraction) until
  rounded once to a whole score: "half_up" (69.5 → 70, the default) or "down" (69.9 → 69);
- any submitted card knocked out ⇒ the product is "not rated" (no stars), whatever the other cards say;
- stars follow ``catalogue.certification.stars_for_score``; a rated product scoring ≥ 90 is proposed for 5★ at the
  central level (the province recognises only 3★ and 4★).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import floor

from catalogue.certification import CERTIFIED_MIN_STARS, stars_for_score

ROUNDING_HALF_UP = "half_up"
ROUNDING_DOWN = "down"
ROUNDING_MODES = (ROUNDING_HALF_UP, ROUNDING_DOWN)
# A rated product with this score or more is proposed to the ministry for 5★ (Decision 1489/QĐ-TTg, 2025).
PROPOSED_CENTRAL_MIN_SCORE = 90
# The stored mean keeps three decimals (RoundEntry.mean_exact); rounding to the score uses the exact fraction.
MEAN_PLACES = Decimal("0.001")


@dataclass(frozen=True)
class CardValue:
    """What the arithmetic needs of one submitted card."""

    total: int
    knocked_out: bool = False


@dataclass(frozen=True)
class EntryResult:
    """The outcome of one product in a closed round."""

    cards: int
    mean: Fraction
    mean_exact: Decimal
    score: int
    stars: int | None
    not_rated: bool
    proposed_central: bool

    @property
    def certifiable(self) -> bool:
        return not self.not_rated and self.stars is not None and self.stars >= CERTIFIED_MIN_STARS


def card_total(points: Iterable[int]) -> int:
    """The sum of the chosen answers' points."""
    return sum(int(value) for value in points)


def card_knocked_out(fails: Iterable[bool]) -> bool:
    """True when any chosen answer fails a knock-out criterion."""
    return any(fails)


def mean_of_totals(totals: Iterable[int]) -> Fraction:
    """The exact mean of the cards' totals (ValueError without any card)."""
    values = [int(total) for total in totals]
    if not values:
        raise ValueError("The mean needs at least one submitted card.")
    return Fraction(sum(values), len(values))


def mean_decimal(mean: Fraction) -> Decimal:
    """The mean with three decimals, as stored and printed in the minutes (69.666… → 69.667)."""
    return (Decimal(mean.numerator) / Decimal(mean.denominator)).quantize(MEAN_PLACES, rounding=ROUND_HALF_UP)


def score_round(mean: Fraction | Decimal | int, *, mode: str = ROUNDING_HALF_UP) -> int:
    """The whole score from the exact mean: "half_up" (69.5 → 70) or "down" (69.9 → 69)."""
    value = Fraction(mean)
    if mode == ROUNDING_HALF_UP:
        return floor(value + Fraction(1, 2))
    if mode == ROUNDING_DOWN:
        return floor(value)
    raise ValueError(f"Unknown rounding mode {mode!r}: use one of {ROUNDING_MODES}.")


def entry_result(cards: Iterable[CardValue], *, mode: str = ROUNDING_HALF_UP) -> EntryResult:
    """The product's result from its submitted cards (ValueError without any card)."""
    cards = list(cards)
    mean = mean_of_totals(card.total for card in cards)
    score = score_round(mean, mode=mode)
    not_rated = any(card.knocked_out for card in cards)
    stars = None if not_rated else stars_for_score(score)
    return EntryResult(
        cards=len(cards),
        mean=mean,
        mean_exact=mean_decimal(mean),
        score=score,
        stars=stars,
        not_rated=not_rated,
        proposed_central=not not_rated and score >= PROPOSED_CENTRAL_MIN_SCORE,
    )
