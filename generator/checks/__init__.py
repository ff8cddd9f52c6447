"""The checks `specgen validate` runs; each returns a list of diagnostics and never raises."""

from .examples import check_examples
from .refs import check_refs, iter_refs
from .structure import check_structure

__all__ = ["check_examples", "check_refs", "check_structure", "iter_refs"]
