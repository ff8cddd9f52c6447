"""A mock server driven by the specs: every operation of every API document is served.

One module per job:

- ``spec``: load and bundle the specs, one ``MockOperation`` per operation (nothing else knows
  the OpenAPI layout);
- ``routing``: match a request to its operation (paths, methods, RPC actions);
- ``validation``: the request's parameters and body against the operation's schemas;
- ``auth``: each vendor's authentication, signatures recomputed with the runtime signers;
- ``errors``: error bodies in the shape the API declares, with the vendor's codes;
- ``responses``: the answer: an example, the one the ``Prefer`` header names, or one built from
  the schema (``synth``);
- ``app`` and ``server``: the Starlette application and the uvicorn server around it.
"""

from __future__ import annotations

from .app import MockConfig, create_app
from .auth import TestKeys
from .server import MockServer, serve

__all__ = ["MockConfig", "MockServer", "TestKeys", "create_app", "serve"]
