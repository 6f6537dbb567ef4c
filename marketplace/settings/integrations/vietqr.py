"""Bank transfer by VietQR (NAPAS 247): the operator's receiving account.

Off unless an account is configured: a default account would take shoppers' money to whoever owns
it. The demo and the tests use ``VIETQR_SAMPLE_ACCOUNT`` (dev.py, test.py), which production refuses.
"""

from marketplace.settings.env import env

VIETQR_BANK_BIN = env("VIETQR_BANK_BIN", default="")
# The bank as shoppers know it, shown beside the BIN on the payment page.
VIETQR_BANK_NAME = env("VIETQR_BANK_NAME", default="")
VIETQR_ACCOUNT_NUMBER = env("VIETQR_ACCOUNT_NUMBER", default="")
VIETQR_ACCOUNT_NAME = env("VIETQR_ACCOUNT_NAME", default="")
# Unpaid transfers are cancelled (and their stock released) after this many days.
VIETQR_PAYMENT_DAYS = env.int("VIETQR_PAYMENT_DAYS", default=3)
VIETQR_ENABLED = bool(VIETQR_BANK_BIN and VIETQR_ACCOUNT_NUMBER)

# Sample data, labelled as such in the account name: a Vietcombank BIN and a made-up account.
VIETQR_SAMPLE_ACCOUNT = {
    "VIETQR_BANK_BIN": "970436",
    "VIETQR_BANK_NAME": "Vietcombank",
    "VIETQR_ACCOUNT_NUMBER": "0011000000000",
    "VIETQR_ACCOUNT_NAME": "TAI KHOAN MAU - SAN OCOP",
}


def vietqr_sample_account(bank_bin: str, account_number: str) -> dict:
    """The sample account's settings (with VIETQR_ENABLED) unless a real account is configured."""
    if bank_bin or account_number:
        return {}
    return {**VIETQR_SAMPLE_ACCOUNT, "VIETQR_ENABLED": True}
