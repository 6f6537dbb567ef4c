"""Trace codes: the random part of a lot's public address, printed in its QR code.

A module of its own, free of models: catalogue migration 0035 (which created the lots' tables) still refers
to ``catalogue.models.new_lot_code``, which re-exports this function.
"""

import secrets


def new_lot_code() -> str:
    """An unguessable, URL-safe lot code (about 72 bits), printed in the lot's QR code."""
    return secrets.token_urlsafe(9)
