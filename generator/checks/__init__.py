"""The checks `specgen validate` runs; each returns a list of diagnostics and never raises."""

from .examples import Example, check_examples, collect_examples
from .refs import check_refs, iter_refs
from .structure import check_structure

__all__ = [
    "Example",
    "check_examples",
    "check_refs",
    "check_structure",
    "collect_examples",
    "iter_refs",
]
