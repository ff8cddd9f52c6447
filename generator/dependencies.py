"""What the generated distribution needs at run time: the one source of its dependency ranges
and supported Pythons.

``templates/pyproject.toml.j2`` renders them as ``dependencies``, ``requires-python`` and the
classifiers, and ``templates/README.md.j2`` as the README's compatibility table, so the two
cannot disagree. The floors are the oldest releases the client's tests pass with, and the
ceilings the next major release: ``tests/test_dependency_ranges.py`` installs the client into
fresh virtualenvs with each end of every range (the lowest on the oldest Python, the highest on
the newest) and runs the client's tests (``tests/client/``) there.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PYTHONS", "RUNTIME", "Requirement", "python_floor", "python_newest"]


@dataclass(frozen=True)
class Requirement:
    """One runtime dependency: ``name>=lowest,<below``; ``why`` says what sets the floor."""

    name: str
    lowest: str
    below: str
    why: str

    @property
    def range(self) -> str:
        return f">={self.lowest},<{self.below}"

    @property
    def specifier(self) -> str:
        return self.name + self.range

    @property
    def pin_lowest(self) -> str:
        return f"{self.name}=={self.lowest}"


RUNTIME = (
    # 0.24.0: the oldest release the client's tests pass with on every declared Python.
    # 0.23 passes them on 3.11 but imports the cgi module, which Python 3.13 removed; 0.24
    # dropped it. Between 0.24 and 0.28 only httpx's own spelling of some URLs changed (a
    # space in a query as %20, later +; a malformed escape such as %zz escaped as %25zz,
    # later kept), which servers decode alike and the signers sign as sent.
    Requirement(
        "httpx",
        "0.24.0",
        "1",
        "0.24.0: 0.23 passes the client's tests on 3.11 but imports `cgi`, which Python 3.13 "
        "removed",
    ),
    # 2.11.0: the runtime reads wire data by wire name only while code still constructs
    # models by Python name: ConfigDict(validate_by_name=True, validate_by_alias=True,
    # serialize_by_alias=True) and model_validate(..., by_name=False) /
    # TypeAdapter.validate_json(..., by_name=False), all new in pydantic 2.11. The older
    # populate_by_name=True is no equivalent: it lets a wire key fill a field by its Python
    # name too (the key "i" would fill both a field named i and the field whose wire name is
    # "i"), and there is no per-call switch before 2.11 (TypeError: unexpected keyword
    # argument 'by_name' on 2.10).
    Requirement(
        "pydantic",
        "2.11.0",
        "3",
        "2.11.0: the first with `validate_by_name` and per-call `by_name=`, which read wire "
        "data by wire name only",
    ),
)
# pydantic-core, which the runtime imports too (core schemas, to_jsonable_python), is pinned
# exactly by each pydantic release: the pydantic range is its range. typing-extensions is not
# imported (typing has Self from Python 3.11).

#: The Pythons the package declares (classifiers) and the tests run on: the first is the floor
#: (requires-python), the last the newest the compatibility test uses. 3.10 reached its end of
#: life in October 2026; the runtime uses typing.Self and enum.StrEnum (3.11).
PYTHONS = ("3.11", "3.12", "3.13")


def python_floor() -> str:
    return PYTHONS[0]


def python_newest() -> str:
    return PYTHONS[-1]
