"""What production refuses to start with: sample values and missing services.

Each problem names the environment variable to set, so one failed start tells the operator everything.
Pure functions over the settings' values, so they can be tested without importing a settings module.
"""

import ipaddress
import re
from urllib.parse import urlsplit

# The sample values that a fresh checkout carries (base.py, integrations/vietqr.py, dev.py).
SAMPLE_PHONE_DIGITS = {"02100000000"}
SAMPLE_VIETQR_ACCOUNT_NUMBERS = {"0011000000000"}
SAMPLE_SECRET_KEYS = {"dev-only-insecure-key-change-me"}
SECRET_KEY_MIN_LENGTH = 50
# Reserved for documentation and testing (RFC 2606, RFC 6761): never a real operator's domain.
_RESERVED_TLDS = {"example", "invalid", "localhost", "test", "local"}
_MAIL_BACKENDS_THAT_SEND_NOTHING = {
    "django.core.mail.backends.console.EmailBackend": "prints e-mails to the console",
    "django.core.mail.backends.locmem.EmailBackend": "keeps e-mails in memory",
    "django.core.mail.backends.dummy.EmailBackend": "discards e-mails",
}


def _is_sample_domain(domain: str) -> bool:
    labels = domain.lower().rstrip(".").split(".")
    return "example" in labels or labels[-1] in _RESERVED_TLDS


def _is_loopback_host(host: str) -> bool:
    host = (host or "").lower()
    if host in {"localhost", "0.0.0.0"} or host.endswith(".localhost"):  # noqa: S104 (a value we refuse)
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _email_problem(variable: str, address: str) -> str | None:
    # "Name <box@domain>" or a bare address.
    match = re.search(r"<([^<>]+)>\s*$", address or "")
    address = (match.group(1) if match else address or "").strip()
    if "@" not in address:
        return f"{variable} must be a real e-mail address (got {address!r})."
    if _is_sample_domain(address.rsplit("@", 1)[1]):
        return f"{variable} is a sample address ({address}): set {variable} to the operator's real e-mail."
    return None


def production_settings_problems(*, values: dict, environ: dict) -> list[str]:
    """Every reason these production settings must not serve; empty when they may.

    ``values`` are the settings module's globals, ``environ`` the process environment (to tell what
    was set from what fell back to a default).
    """
    problems = []

    if values.get("DEMO_MODE"):
        problems.append("DEMO_MODE is on: production never runs in demo mode; unset DEMO_MODE or set it to false.")

    secret_key = values.get("SECRET_KEY") or ""
    if secret_key in SAMPLE_SECRET_KEYS or len(secret_key) < SECRET_KEY_MIN_LENGTH:
        problems.append(
            f"SECRET_KEY is the sample key or shorter than {SECRET_KEY_MIN_LENGTH} characters: set a long random "
            "value (python -c 'import secrets; print(secrets.token_urlsafe(64))')."
        )

    site_url = values.get("WAGTAILADMIN_BASE_URL", "")
    parts = urlsplit(site_url)
    if not environ.get("SITE_URL"):
        problems.append("SITE_URL is not set: set it to the public address, e.g. https://cho-ocop.vn.")
    elif parts.scheme not in {"http", "https"} or not parts.hostname:
        problems.append(f"SITE_URL must be an absolute http(s) address (got {site_url!r}).")
    elif _is_loopback_host(parts.hostname) or _is_sample_domain(parts.hostname):
        problems.append(
            f"SITE_URL points at {parts.hostname}: links in e-mails and QR codes would lead nowhere; "
            "set SITE_URL to the public address."
        )

    backend = values.get("EMAIL_BACKEND", "")
    if backend in _MAIL_BACKENDS_THAT_SEND_NOTHING:
        problems.append(
            f"EMAIL_BACKEND is {backend}, which {_MAIL_BACKENDS_THAT_SEND_NOTHING[backend]}: "
            "set EMAIL_BACKEND (e.g. django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST)."
        )
    if backend == "django.core.mail.backends.smtp.EmailBackend" and not environ.get("EMAIL_HOST"):
        problems.append("EMAIL_HOST is not set: the SMTP backend would send to localhost; set the mail server.")
    if problem := _email_problem("DEFAULT_FROM_EMAIL", values.get("DEFAULT_FROM_EMAIL", "")):
        problems.append(problem)

    operator = values.get("MARKETPLACE_OPERATOR", {})
    for key, variable in (("name", "OPERATOR_NAME"), ("address", "OPERATOR_ADDRESS")):
        if not (operator.get(key) or "").strip():
            problems.append(f"{variable} is empty: set the operator's {key} (shown in the footer by law).")
    if problem := _email_problem("OPERATOR_EMAIL", operator.get("email", "")):
        problems.append(problem)
    phone_digits = re.sub(r"\D", "", operator.get("phone") or "")
    if len(phone_digits) < 8:
        problems.append("OPERATOR_PHONE is not a phone number: set the operator's hotline.")
    elif phone_digits in SAMPLE_PHONE_DIGITS:
        problems.append(f"OPERATOR_PHONE is the sample {operator['phone']}: set the operator's hotline.")
    if not (operator.get("registration") or "").strip():
        problems.append(
            "OPERATOR_REGISTRATION is empty: set the operator's business registration "
            "(or e-commerce website notification) number."
        )

    broker = values.get("CELERY_BROKER_URL", "")
    if not environ.get("CELERY_BROKER_URL") or broker.startswith("memory://"):
        problems.append(
            "CELERY_BROKER_URL is not set: without a broker every e-mail and index update would run inside "
            "the web request; set it, e.g. redis://redis.internal:6379/1."
        )
    if not values.get("REDIS_URL"):
        problems.append(
            "REDIS_URL is not set: each web process would keep its own cache; "
            "set it, e.g. redis://redis.internal:6379/0."
        )

    # Behind the TLS-terminating proxy (SECURE_PROXY_SSL_HEADER), the login and reset throttles must know
    # which proxies' X-Forwarded-For to believe, or every client has the proxy's address.
    if (
        values.get("SECURE_PROXY_SSL_HEADER")
        and not values.get("TRUSTED_PROXY_NETWORKS")
        and (environ.get("TRUSTED_PROXY_NETWORKS") or "").strip().lower() != "none"
    ):
        problems.append(
            "TRUSTED_PROXY_NETWORKS is not set: behind a proxy every client would share the proxy's address, "
            "so a few wrong passwords from anyone would lock everyone out; set it to the proxies' networks "
            "(e.g. 10.0.0.0/8,127.0.0.1/32), or to none if no proxy stands in front of the site."
        )

    # Media on S3 comes from another origin: the Content-Security-Policy must allow it, or every image is blocked.
    if values.get("MEDIA_STORAGE") == "s3" and not values.get("CSP_MEDIA_ORIGINS"):
        problems.append(
            "CSP_MEDIA_ORIGINS is empty with MEDIA_STORAGE=s3: the Content-Security-Policy would block every "
            "product image; set it to the origin media URLs use (https://<S3_CUSTOM_DOMAIN> or the bucket's endpoint)."
        )

    # VietQR stays off with no account; half an account is a mistake, a sample one worse.
    if values.get("VIETQR_ACCOUNT_NUMBER") or values.get("VIETQR_BANK_BIN"):
        number = values.get("VIETQR_ACCOUNT_NUMBER", "")
        if not number:
            problems.append("VIETQR_ACCOUNT_NUMBER is empty while VIETQR_BANK_BIN is set: set both, or neither.")
        if number in SAMPLE_VIETQR_ACCOUNT_NUMBERS:
            problems.append(
                f"VIETQR_ACCOUNT_NUMBER is the sample account {number}: shoppers would transfer money to it; "
                "set the operator's real account, or unset it to turn VietQR off."
            )
        if not (values.get("VIETQR_ACCOUNT_NAME") or "").strip():
            problems.append("VIETQR_ACCOUNT_NAME is empty: set the account holder's name as the bank shows it.")
        if not re.fullmatch(r"\d{6}", values.get("VIETQR_BANK_BIN") or ""):
            problems.append("VIETQR_BANK_BIN must be the bank's 6-digit NAPAS BIN (e.g. 970436).")
        if not (values.get("VIETQR_BANK_NAME") or "").strip():
            problems.append("VIETQR_BANK_NAME is empty: set the bank's name as shoppers know it.")
    return problems
