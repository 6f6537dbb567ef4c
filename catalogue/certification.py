"""OCOP scoring rules, kept as data (they are set by decision and do change)."""

# Decision 148/QĐ-TTg (2023): 100-point scorecard; only 3★ and above are certified.
SCORE_BANDS: tuple[tuple[int, int], ...] = ((90, 5), (70, 4), (50, 3), (30, 2), (0, 1))
CERTIFIED_MIN_STARS = 3
VALIDITY_MONTHS = 36
EXPIRING_WITHIN_DAYS = 90
# Producers are e-mailed this many days before expiry, each reminder once.
REMINDER_DAYS = (90, 30, 7)


def stars_for_score(score: int) -> int:
    """Star rating for a score out of 100: 90–100 → 5, 70–89 → 4, 50–69 → 3, 30–49 → 2, else 1."""
    if not 0 <= score <= 100:
        raise ValueError(f"An OCOP score is between 0 and 100, not {score}")
    for min_score, stars in SCORE_BANDS:
        if score >= min_score:
            return stars
    return 1


def is_certifiable(score: int) -> bool:
    return stars_for_score(score) >= CERTIFIED_MIN_STARS
