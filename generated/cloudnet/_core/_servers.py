# Hand-written runtime, copied by specgen 0.1.0 from generator/runtime/_servers.py.
# Do not edit here: edit generator/runtime/_servers.py, then run `make`.
"""The base URL of a generated client: the spec's server URL with its variables (``region``).

A spec records where each region's service is (README, "Regions and hosts"): the server URL
template, the values a variable may take (its ``enum``; the official SDK's region table) and,
where a region's host does not follow the template, the URL for that value
(``x-cloudnet-server-urls``: Alibaba's regions that share the central ``vpc.aliyuncs.com``,
Huawei VPC Endpoint's ``eu-west-101`` on ``.myhuaweicloud.eu``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ._exceptions import CloudnetError

__all__ = ["Server", "ServerVariableError", "server_url"]

_VARIABLE = re.compile(r"\{([^{}]+)\}")


class ServerVariableError(CloudnetError, ValueError):
    """A server variable (``region``) was given a value its spec does not list, so the client
    knows no host for it; ``base_url=`` reaches any host."""


def server_url(template: str, variables: Mapping[str, str]) -> str:
    """A server URL of the spec with its ``{variables}`` filled in."""
    return _VARIABLE.sub(lambda m: variables.get(m.group(1), m.group(0)), template)


@dataclass(frozen=True)
class Server:
    """A spec's server as its client knows it (generated from the spec's ``servers``)."""

    url: str
    #: The values each variable may take (its ``enum``); a variable not here takes any string.
    enums: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Per variable, the server URL for some of its values, in place of ``url``.
    urls: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: The client, named in errors (``HuaweiDcClient``).
    owner: str = "the client"

    def resolve(self, variables: Mapping[str, str]) -> str:
        """The base URL for these values; :class:`ServerVariableError` for a value outside its
        variable's enum. As the official SDKs do: Huawei's refuse a region their table does not
        list, Alibaba's (no enum here) send any other region to the regional host pattern."""
        for name, value in variables.items():
            allowed = self.enums.get(name)
            if allowed and value not in allowed:
                raise ServerVariableError(
                    f"{self.owner}: no host for {name} {value!r}; the spec lists "
                    f"{', '.join(allowed)}. Pass base_url= to reach another host."
                )
        template = self.url
        for name, value in variables.items():
            template = self.urls.get(name, {}).get(value, template)
        return server_url(template, variables).rstrip("/")
