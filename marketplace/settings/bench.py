"""The benchmarks (bench/): production's stack and hardening on the demo data set.

Never for a deployment: unlike ``production`` it accepts sample values, and demo mode is on
because the benchmarks seed with ``load_demo``'s data.
"""

from marketplace.settings.hardened import *  # noqa: F403
from marketplace.settings.integrations.vietqr import vietqr_sample_account

DEMO_MODE = True
globals().update(vietqr_sample_account(VIETQR_BANK_BIN, VIETQR_ACCOUNT_NUMBER))  # noqa: F405
