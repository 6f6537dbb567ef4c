"""Login throttling (django-axes) and the other throttles: by account and by address.

A login is refused, even with the right password, after ``AXES_FAILURE_LIMIT`` failures for one account or
``AXES_ADDRESS_FAILURE_LIMIT`` failures from one address within the cool-off; an officer unlocks it from the
dashboard (Security → Locked logins), or it unlocks itself after the cool-off. The shop's e-mail login and the
admin/CMS username login count for the same account (marketplace.customer.throttling.login_account_key).
"""

from datetime import timedelta

from marketplace.settings.env import env

AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# Per account: a password guessed slowly across addresses is still stopped.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
# Per address: higher, as many shoppers share one carrier-grade NAT address (see AccountAndAddressHandler).
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
# Either one: too many failures for one account, or from one address.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "marketplace.customer.throttling.AccountAndAddressHandler"
AXES_USERNAME_CALLABLE = "marketplace.customer.throttling.login_account_key"
AXES_CLIENT_IP_CALLABLE = "marketplace.customer.throttling.client_ip_address"
# Our page in the site's theme and language (status 429), instead of axes' bare text.
AXES_LOCKOUT_CALLABLE = "marketplace.customer.throttling.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Login records (addresses, browsers) are pruned after this many days by a beat job (login-logs-prune).
AXES_ACCESS_LOG_DAYS = env.int("AXES_ACCESS_LOG_DAYS", default=90)

# Behind N reverse proxies (load balancer, nginx), the client is the N-th address from the right of
# X-Forwarded-For: each trusted proxy appends the address it saw, so entries further left are the client's
# own claims and could be forged. 0 (direct) uses REMOTE_ADDR and ignores the header.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Password-reset requests: per address and per e-mail, within the window; more answer with a message
# and send nothing.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=5)
PASSWORD_RESET_LIMIT_PER_EMAIL = env.int("PASSWORD_RESET_LIMIT_PER_EMAIL", default=3)
PASSWORD_RESET_WINDOW_SECONDS = env.int("PASSWORD_RESET_WINDOW_SECONDS", default=3600)
# Producer applications submitted per address per hour.
PRODUCER_APPLICATION_LIMIT_PER_ADDRESS = env.int("PRODUCER_APPLICATION_LIMIT_PER_ADDRESS", default=3)
PRODUCER_APPLICATION_WINDOW_SECONDS = env.int("PRODUCER_APPLICATION_WINDOW_SECONDS", default=3600)
