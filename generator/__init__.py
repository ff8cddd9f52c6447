"""cloudnet toolchain: load, validate and lint OpenAPI 3.0 and 3.1 specs, then generate clients.

The stages, in the order of the flow: ``openapi`` (load, the shared reading of a document),
``checks`` (validation) and ``lint``, ``ir`` (the typed IR), ``render`` (files from the IR);
``generate`` runs them for ``specgen generate`` and ``specgen check``. Beside the flow: ``diff``
(breaking changes, the changelog), ``docs``, ``mock``, and ``runtime``, the client's own core.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
