"""Which address the login brake counts: X-Forwarded-For is believed only from our proxies."""

from __future__ import annotations

from ipaddress import ip_network

import pytest

from triage.people.auth import client_address

PROXIES = [ip_network("10.9.0.0/24")]


def test_without_trusted_proxies_the_header_is_ignored():
    assert client_address("192.0.2.1", ["198.51.100.1"], []) == "192.0.2.1"


def test_a_peer_that_is_not_our_proxy_cannot_name_another_address():
    assert client_address("192.0.2.1", ["198.51.100.1"], PROXIES) == "192.0.2.1"


def test_behind_our_proxy_the_address_it_saw_counts():
    assert client_address("10.9.0.1", ["198.51.100.1"], PROXIES) == "198.51.100.1"


def test_what_the_client_wrote_into_the_header_itself_is_passed_over():
    forged = "203.0.113.9, 198.51.100.1"  # the client sent the first, our proxy added the second

    assert client_address("10.9.0.1", [forged], PROXIES) == "198.51.100.1"


def test_a_chain_of_our_own_proxies_is_walked_back_to_the_client():
    assert client_address("10.9.0.1", ["198.51.100.1, 10.9.0.2"], PROXIES) == "198.51.100.1"


def test_several_header_lines_are_one_list_in_order():
    lines = ["203.0.113.9", "198.51.100.1, 10.9.0.2"]  # the client's line, then our proxies'

    assert client_address("10.9.0.1", lines, PROXIES) == "198.51.100.1"


def test_the_nearest_hop_counts_however_many_lines_come_before_it():
    lines = ["198.51.100.1", "203.0.113.9"]  # the client forged the first line; ours is last

    assert client_address("10.9.0.1", lines, PROXIES) == "203.0.113.9"


@pytest.mark.parametrize(
    ("hop", "address"),
    [
        ("203.0.113.5:4711", "203.0.113.5"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_a_hop_with_a_port_is_its_address(hop, address):
    assert client_address("10.9.0.1", [hop], PROXIES) == address


def test_a_proxy_of_ours_with_a_port_is_still_ours():
    assert client_address("10.9.0.1", ["198.51.100.1, 10.9.0.2:8080"], PROXIES) == "198.51.100.1"


@pytest.mark.parametrize("garbage", ["unknown", "_hidden", "not an address", "[::1"])
def test_a_hop_that_is_no_address_is_a_claim_not_passed_over(garbage):
    forwarded = [f"198.51.100.1, {garbage}"]  # 198.51.100.1 may be forged: it is left of it

    assert client_address("10.9.0.1", forwarded, PROXIES) == garbage


def test_a_header_too_long_to_read_is_read_from_our_proxies_end():
    forged = ", ".join(f"198.51.100.{n % 250}" for n in range(1000))

    assert client_address("10.9.0.1", [forged, "203.0.113.9"], PROXIES) == "203.0.113.9"
