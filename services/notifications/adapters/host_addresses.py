"""A host's IP addresses, looked up with the event loop's resolver (in its thread pool, so a slow
DNS server never blocks the loop)."""

import asyncio
import socket

from services.notifications.domain.webhook_targets import IPAddress, ip_literal


async def host_addresses(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` has now, in the resolver's order; OSError when it has none."""
    if (literal := ip_literal(host)) is not None:
        return [literal]
    found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[IPAddress] = []
    for *_, sockaddr in found:
        address = ip_literal(str(sockaddr[0]))
        if address is not None and address not in addresses:
            addresses.append(address)
    if not addresses:
        raise OSError(f"{host} has no IP address")
    return addresses
