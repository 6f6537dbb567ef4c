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
# Failures while locked out do not restart the cool-off: it runs out even while someone keeps guessing.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "marketplace.customer.throttling.AccountAndAddressHandler"
AXES_USERNAME_CALLABLE = "marketplace.customer.throttling.login_account_key"
AXES_CLIENT_IP_CALLABLE = "marketplace.core.throttling.client_ip_address"
# Our page in the site's theme and language (status 429), instead of axes' bare text.
AXES_LOCKOUT_CALLABLE = "marketplace.customer.throttling.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Login records (addresses, browsers) are pruned after this many days by a beat job (login-logs-prune).
AXES_ACCESS_LOG_DAYS = env.int("AXES_ACCESS_LOG_DAYS", default=90)

# Reverse proxies (load balancer, nginx) whose X-Forwarded-For is believed, as CIDRs, e.g.
# "10.0.0.0/8,127.0.0.1/32": when the direct peer is in one of them, the client is the right-most forwarded
# address outside them (marketplace.core.throttling.client_ip_address). Empty: the header is ignored and every
# client behind a proxy would share the proxy's address (production refuses that unless set to "none").
_proxy_networks = env("TRUSTED_PROXY_NETWORKS", default="").strip()
TRUSTED_PROXY_NETWORKS = (
    [] if _proxy_networks.lower() == "none" else [part.strip() for part in _proxy_networks.split(",") if part.strip()]
)


def _check_networks(values: list[str]) -> None:
    import ipaddress

    from django.core.exceptions import ImproperlyConfigured

    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXY_NETWORKS: {value!r} is not a network (e.g. 10.0.0.0/8)"
            ) from None


_check_networks(TRUSTED_PROXY_NETWORKS)

# Password-reset requests: per address and per e-mail, within the window; more answer with a message
# and send nothing.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=5)
PASSWORD_RESET_LIMIT_PER_EMAIL = env.int("PASSWORD_RESET_LIMIT_PER_EMAIL", default=3)
PASSWORD_RESET_WINDOW_SECONDS = env.int("PASSWORD_RESET_WINDOW_SECONDS", default=3600)
# Producer applications submitted per address per hour.
PRODUCER_APPLICATION_LIMIT_PER_ADDRESS = env.int("PRODUCER_APPLICATION_LIMIT_PER_ADDRESS", default=3)
PRODUCER_APPLICATION_WINDOW_SECONDS = env.int("PRODUCER_APPLICATION_WINDOW_SECONDS", default=3600)
