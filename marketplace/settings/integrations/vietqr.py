"""Bank transfer by VietQR (NAPAS 247): the operator's receiving account.

Without an account number the payment method is not offered.
"""

from marketplace.settings.env import env

VIETQR_BANK_BIN = env("VIETQR_BANK_BIN", default="970436")  # Vietcombank
# The bank as shoppers know it, shown beside the BIN on the payment page.
VIETQR_BANK_NAME = env("VIETQR_BANK_NAME", default="Vietcombank")
VIETQR_ACCOUNT_NUMBER = env("VIETQR_ACCOUNT_NUMBER", default="0011000000000")
VIETQR_ACCOUNT_NAME = env("VIETQR_ACCOUNT_NAME", default="SAN OCOP PHU THO")
# Unpaid transfers are cancelled (and their stock released) after this many days.
VIETQR_PAYMENT_DAYS = env.int("VIETQR_PAYMENT_DAYS", default=3)
VIETQR_ENABLED = bool(VIETQR_BANK_BIN and VIETQR_ACCOUNT_NUMBER)
