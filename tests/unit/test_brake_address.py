"""What the login brake counts per client: an IPv4 address, or an IPv6 client's whole /64 (a
subscriber gets one, so a guesser could otherwise take a fresh address for every guess)."""

from __future__ import annotations

import pytest

from triage.people.login_brake import counted_address


def test_an_ipv4_address_is_counted_as_it_is():
    assert counted_address("192.0.2.10") == "192.0.2.10"


@pytest.mark.parametrize("address", ["2001:db8:0:1::1", "2001:db8:0:1:ffff:ffff:ffff:ffff"])
def test_every_address_of_an_ipv6_slash_64_is_one_client(address):
    assert counted_address(address) == "2001:db8:0:1::/64"


def test_the_next_slash_64_is_another_client():
    assert counted_address("2001:db8:0:2::1") == "2001:db8:0:2::/64"


def test_an_ipv6_address_is_counted_however_it_is_written():
    assert counted_address("2001:DB8:0:1:0:0:0:1") == counted_address("2001:db8:0:1::1")


def test_an_ipv4_client_seen_over_ipv6_is_its_ipv4_address():
    assert counted_address("::ffff:192.0.2.10") == "192.0.2.10"


def test_what_is_no_address_is_counted_as_it_is():
    assert counted_address("unknown") == "unknown"
