"""`specgen docs`: the static docs site (Redoc pages with code samples and error tables)."""

from .enrich import docs_document, error_table
from .samples import CREDENTIALS, Samples, example_values, samples_for, server_url
from .site import REDOC_OPTIONS, ApiPage, DocsError, SiteResult, build_site

__all__ = [
    "CREDENTIALS",
    "REDOC_OPTIONS",
    "ApiPage",
    "DocsError",
    "Samples",
    "SiteResult",
    "build_site",
    "docs_document",
    "error_table",
    "example_values",
    "samples_for",
    "server_url",
]
