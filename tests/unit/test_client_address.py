"""Which address the login brake counts: X-Forwarded-For is believed only from our proxies."""

from __future__ import annotations

from ipaddress import ip_network

from triage.people.auth import client_address

PROXIES = [ip_network("10.9.0.0/24")]


def test_without_trusted_proxies_the_header_is_ignored():
    assert client_address("192.0.2.1", "198.51.100.1", []) == "192.0.2.1"


def test_a_peer_that_is_not_our_proxy_cannot_name_another_address():
    assert client_address("192.0.2.1", "198.51.100.1", PROXIES) == "192.0.2.1"


def test_behind_our_proxy_the_address_it_saw_counts():
    assert client_address("10.9.0.1", "198.51.100.1", PROXIES) == "198.51.100.1"


def test_what_the_client_wrote_into_the_header_itself_is_passed_over():
    forged = "203.0.113.9, 198.51.100.1"  # the client sent the first, our proxy added the second

    assert client_address("10.9.0.1", forged, PROXIES) == "198.51.100.1"


def test_a_chain_of_our_own_proxies_is_walked_back_to_the_client():
    assert client_address("10.9.0.1", "198.51.100.1, 10.9.0.2", PROXIES) == "198.51.100.1"
