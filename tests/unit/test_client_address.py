"""The client's address as the throttles count it: X-Forwarded-For believed only from trusted proxies, the
right-most address outside them, IPv6 by its /64; and account keys that fit axes' column."""

import pytest
from django.test import RequestFactory, override_settings

from marketplace.core.throttling import bounded_key, client_ip_address

PROXIES = ["10.0.0.0/8", "2001:db8:ffff::/48"]


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # No trusted proxy in the way: the peer, whatever the header says.
        ("192.0.2.1", "9.9.9.9", "192.0.2.1"),
        ("192.0.2.1", None, "192.0.2.1"),
        # Through the proxies: the right-most address that is not one of them; forged entries to its left ignored.
        ("10.0.0.2", "9.9.9.9, 198.51.100.4", "198.51.100.4"),
        ("10.0.0.2", "9.9.9.9, 198.51.100.4, 10.3.3.3", "198.51.100.4"),
        ("10.0.0.2", " 198.51.100.4 ,10.1.1.1 ", "198.51.100.4"),
        # A proxy with no header (a health check): the proxy itself.
        ("10.0.0.2", None, "10.0.0.2"),
        # Only proxies in the chain: the left-most of them.
        ("10.0.0.2", "10.9.9.9, 10.8.8.8", "10.9.9.9"),
        # Garbage right after a trusted hop: the last address a trusted proxy vouched for.
        ("10.0.0.2", "198.51.100.4, not-an-ip", "10.0.0.2"),
        # IPv6 by its /64; IPv4-mapped IPv6 as IPv4.
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", None, "2001:db8:1:2::"),
        ("10.0.0.2", "2001:db8:5:6::77", "2001:db8:5:6::"),
        ("2001:db8:ffff:1::1", "198.51.100.9", "198.51.100.9"),
        ("::ffff:192.0.2.7", None, "192.0.2.7"),
        ("", None, None),
    ],
)
@override_settings(TRUSTED_PROXY_NETWORKS=PROXIES)
def test_the_client_address(remote, forwarded, expected):
    assert client_ip_address(_request(remote, forwarded)) == expected


@override_settings(TRUSTED_PROXY_NETWORKS=[])
def test_without_trusted_proxies_the_header_is_never_believed():
    assert client_ip_address(_request("10.0.0.2", "198.51.100.4")) == "10.0.0.2"


def test_keys_longer_than_axes_column_are_hashed():
    assert bounded_key("a" * 255) == "a" * 255
    long_key = bounded_key("a" * 256)
    assert long_key.startswith("h:") and len(long_key) == 66 and long_key != bounded_key("a" * 257)
