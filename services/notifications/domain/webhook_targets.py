"""Where a webhook may go: never inside the city's network (docs/webhooks.md, "Where webhooks may
go"), or a subscription would let whoever registers it make this service call internal ports,
the database's, another service's or the cloud's metadata endpoint.

Operators admit the internal targets they really want by listing them
(``WEBHOOK_ALLOWED_PRIVATE_TARGETS``): a host name admits URLs naming exactly that host, a network
admits URLs whose host is an IP address inside it. A name that merely *resolves* into a listed
network is not admitted: names can be made to resolve anywhere, which is the attack.
"""

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: IPv6 prefix under which NAT64 gateways reach IPv4 hosts (RFC 6052): judged by the IPv4 inside.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
#: Carrier-grade NAT (RFC 6598): not "private" to the ipaddress module, but not reachable from
#: the internet either.
_SHARED_SPACE = ipaddress.IPv4Network("100.64.0.0/10")
_METADATA = ipaddress.IPv4Address("169.254.169.254")
_UNIQUE_LOCAL = ipaddress.IPv6Network("fc00::/7")


def embedded_ipv4(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 one stands for (IPv4-mapped, 6to4, NAT64), else itself: a socket
    to ``::ffff:127.0.0.1`` reaches the loopback."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address in _NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def internal_kind(address: IPAddress) -> str | None:
    """What kind of non-public address this is (said in the refusal), None for a public one."""
    address = embedded_ipv4(address)
    checks = (
        (address == _METADATA, "cloud metadata"),
        (address.is_unspecified, "unspecified"),
        (address.is_loopback, "loopback"),
        (address.is_link_local, "link-local"),
        (address.is_multicast, "multicast"),
        (isinstance(address, ipaddress.IPv6Address) and address in _UNIQUE_LOCAL, "unique-local"),
        (isinstance(address, ipaddress.IPv4Address) and address in _SHARED_SPACE, "shared"),
        (address.is_reserved, "reserved"),
        (address.is_private, "private"),
        (not address.is_global, "non-public"),
    )
    return next((kind for internal, kind in checks if internal), None)


def ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


@dataclass(frozen=True)
class WebhookTargets:
    """The rule, with the operators' allow-list."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def allowing(cls, entries: Iterable[str]) -> "WebhookTargets":
        """From host names and IP addresses or networks (``10.20.0.0/16``); ValueError for an
        entry that looks like a network and is not one."""
        hosts, networks = set(), []
        for entry in (e.strip() for e in entries):
            if "/" in entry or ip_literal(entry) is not None:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            elif entry:
                hosts.add(_normal(entry))
        return cls(frozenset(hosts), tuple(networks))

    def refusal(self, host: str, addresses: Iterable[IPAddress]) -> str | None:
        """Why a webhook to ``host``, found at ``addresses``, may not go; None when it may.
        One internal address is enough to refuse: the client could connect to any of them."""
        if self._listed(host):
            return None
        for address in addresses:
            if kind := internal_kind(address):
                where = host if ip_literal(host) else f"{host} ({address})"
                return (
                    f"{where} is a {kind} address inside the network; list it in "
                    "WEBHOOK_ALLOWED_PRIVATE_TARGETS if it is meant"
                )
        return None

    def _listed(self, host: str) -> bool:
        literal = ip_literal(host)
        if literal is None:
            return _normal(host) in self.hosts
        return any(a in n for a in {literal, embedded_ipv4(literal)} for n in self.networks)


def _normal(host: str) -> str:
    return host.lower().rstrip(".")
