"""cloudnet toolchain: load, validate and lint OpenAPI 3.0 and 3.1 specs, then generate clients."""

__version__ = "0.1.0"
__all__ = ["__version__"]
