"""The base of every generated model, open enums and a date-time type that keeps its wire text.

Forward compatibility is the point of this module: a field the spec does not know is kept (in
``model_extra``), an enum value the spec does not know parses to a member whose ``is_unknown``
is true, and a timestamp dumps back exactly as the service sent it. Fidelity is the other: the
scalar types below take a value only when it has the spec's type (no ``true`` for an integer,
no ``"2"`` for a number), so a body the service should not have sent is reported, not
silently changed.
"""

from __future__ import annotations

import datetime as _dt
import enum as _enum
import functools
import re
from typing import Annotated, Any, Self

import httpx
import pydantic
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

__all__ = [
    "AwareDatetime",
    "Enum",
    "IntEnum",
    "Model",
    "StrEnum",
    "StrictBool",
    "StrictFloat",
    "StrictInt",
    "StrictStr",
    "response_of",
]


class Model(pydantic.BaseModel):
    """A response or request body. Wire names are aliases; fields not in the spec are kept."""

    # validate_by_name, validate_by_alias, serialize_by_alias and the per-call by_name= below
    # are new in pydantic 2.11: the floor of the distribution's range (generator/dependencies.py).
    model_config = pydantic.ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        protected_namespaces=(),
    )

    # Data from the wire is read by wire name only. Reading by Python name as well would let
    # the key "i" fill both a field named i (wire name "I") and the field whose wire name is
    # "i". Constructing a model in code still takes Python names.
    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Self:
        kwargs.setdefault("by_name", False)
        return super().model_validate(obj, **kwargs)

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **kwargs: Any) -> Self:
        kwargs.setdefault("by_name", False)
        return super().model_validate_json(json_data, **kwargs)

    def __eq__(self, other: object) -> bool:
        """Equal when the data is: same class, same fields, same unknown fields (the response
        a result was read from does not count)."""
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Model)
        return self.__dict__ == other.__dict__ and self.model_extra == other.model_extra

    __hash__ = None  # type: ignore[assignment]  # mutable, like pydantic's own models

    def to_dict(self) -> dict[str, Any]:
        """The body as the service would send it: wire names, JSON types, unset fields left out;
        a value kept as sent (``validation_issues``) is given back as sent."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)

    def to_json(self) -> str:
        """Like ``to_dict``, as JSON text."""
        return self.model_dump_json(by_alias=True, exclude_unset=True)

    # A model read leniently holds values of other types than its annotations (kept as sent):
    # pydantic dumps them as they are, and would warn about each one.
    def model_dump(self, **kwargs: Any) -> dict[str, Any]:
        if self.__pydantic_private__ and _ISSUES in self.__pydantic_private__:
            kwargs.setdefault("warnings", False)
        return super().model_dump(**kwargs)

    def model_dump_json(self, **kwargs: Any) -> str:
        if self.__pydantic_private__ and _ISSUES in self.__pydantic_private__:
            kwargs.setdefault("warnings", False)
        return super().model_dump_json(**kwargs)


def response_of(model: Model) -> httpx.Response | None:
    """The ``httpx.Response`` a client call's result was read from (status, headers, request
    id), or None for a model made another way."""
    private = model.__pydantic_private__
    found = private.get(_RESPONSE) if private else None
    return found if isinstance(found, httpx.Response) else None


def attach_response(model: Model, response: httpx.Response) -> None:
    """Remember ``response`` on the top-level result only. Not a declared private attribute:
    one would cost a Python call for every model instance pydantic builds (10,000 per page of
    route entries), where this costs one assignment per call."""
    private = model.__pydantic_private__
    if private is None:
        # As pydantic itself sets it (model_construct): its __setattr__ would run Python
        # checks for every call's result.
        object.__setattr__(model, "__pydantic_private__", {_RESPONSE: response})
    else:
        private[_RESPONSE] = response


_RESPONSE = "_cloudnet_response"
#: Where a model read leniently keeps its ``ValidationIssue``s (``_reading``).
_ISSUES = "_cloudnet_issues"


class _Open:
    """Enum mix-in: a value the spec does not list becomes a pseudo-member instead of an error.

    Such a pseudo-member is marked as such, not recognised by its name: a vendor value
    ``UNKNOWN`` (member ``UNKNOWN``) or ``UNKNOWN_X`` is a listed value like any other. Its name
    is ``<unlisted 'x'>``, which no member can have (not an identifier), so ``repr`` never
    passes it off as a member."""

    _value_: Any
    _name_: str

    @property
    def is_unknown(self) -> bool:
        """True for a value the spec did not list (a newer service version sent it); False for
        every listed value, ``UNKNOWN`` included."""
        return self.__dict__.get(_UNLISTED, False) is True

    @classmethod
    def _make_unknown(cls, base: Any, value: Any) -> Any:
        member = base.__new__(cls, value) if base is not object else object.__new__(cls)
        member._name_ = f"<unlisted {value!r}>"
        member._value_ = value
        member.__dict__[_UNLISTED] = True
        return member


# The mark of a pseudo-member; an attribute name no enum member or method can take.
_UNLISTED = "_cloudnet_unlisted_"


class StrEnum(_Open, _enum.StrEnum):
    """A string enum that accepts values the spec does not list."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        return cls._make_unknown(str, value) if isinstance(value, str) else None

    # No schema of its own: pydantic's lookup of a string enum takes only strings (not 1 for
    # the member "1"), in pydantic-core, without a Python call for a listed value.


class IntEnum(_Open, _enum.IntEnum):
    """An integer enum that accepts values the spec does not list."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return cls._make_unknown(int, value)
        return None

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: pydantic.GetCoreSchemaHandler
    ) -> CoreSchema:
        # pydantic's enum validator alone takes ``"1"``, ``true`` and ``1.5`` for the member 1
        # (even in strict mode): the value must first be a JSON integer, as StrictInt checks.
        return core_schema.chain_schema([_integer_schema(int, handler), handler(source)])


class Enum(_Open, _enum.Enum):
    """An enum of mixed values that accepts values the spec does not list."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        return cls._make_unknown(object, value) if isinstance(value, (str, int, float)) else None

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: pydantic.GetCoreSchemaHandler
    ) -> CoreSchema:
        # ``true == 1`` in Python: without this check a boolean would find the member 1.
        return core_schema.no_info_before_validator_function(
            functools.partial(_no_stray_bool, cls), handler(source)
        )


def _no_stray_bool(cls: type[_enum.Enum], value: Any) -> Any:
    if isinstance(value, bool) and not any(type(m.value) is bool for m in cls):
        raise PydanticCustomError("enum", "Input should be one of the listed values, not a boolean")
    return value


# Dumped by the type of the value, not of the field (pydantic-core, no Python call): a value kept
# as sent (``true`` where the spec says integer, read leniently) is given back as ``true``, where
# the int serializer would write ``1``.
_AS_SENT = core_schema.simple_ser_schema("any")


def _whole_number(value: float) -> int:
    """JSON Schema counts ``3101.0`` as an integer, and services send it (ZStack's VNIs)."""
    if value.is_integer():
        return int(value)
    raise PydanticCustomError("int_from_float", "Input should be a whole number")


def _integer_schema(source: Any, handler: pydantic.GetCoreSchemaHandler) -> CoreSchema:
    # A JSON integer takes pydantic-core's strict path with no Python call; only a float
    # reaches _whole_number. Booleans and strings fail both branches.
    return core_schema.union_schema(
        [
            core_schema.int_schema(strict=True),
            core_schema.no_info_after_validator_function(
                _whole_number, core_schema.float_schema(strict=True)
            ),
        ],
        mode="left_to_right",
        custom_error_type="int_type",
        serialization=_AS_SENT,
    )


def _number_schema(source: Any, handler: pydantic.GetCoreSchemaHandler) -> CoreSchema:
    # A JSON integer stays an int (``1`` is dumped back as ``1``, not ``1.0``); both branches
    # are pydantic-core's strict ones, so booleans and strings fail and no Python code runs.
    return core_schema.union_schema(
        [core_schema.int_schema(strict=True), core_schema.float_schema(strict=True)],
        mode="left_to_right",
        custom_error_type="float_type",
        serialization=_AS_SENT,
    )


# datamodel-code-generator writes these names (``strict_types``); they are imported from here.
StrictStr = Annotated[str, pydantic.Strict()]
StrictInt = Annotated[int, pydantic.GetPydanticSchema(_integer_schema)]
StrictFloat = Annotated[float, pydantic.GetPydanticSchema(_number_schema)]
StrictBool = Annotated[bool, pydantic.Strict()]


class WireDatetime(_dt.datetime):
    """A timezone-aware ``datetime`` that remembers the text it was parsed from, so a model
    dumps it back unchanged (nanoseconds, ``Z`` or ``+00:00``, as sent). Any new value made
    from it (``replace``, arithmetic) is a plain ``datetime`` and dumps in ISO 8601."""

    wire: str | None = None


# RFC 3339's date-time (JSON Schema's ``format: date-time``): a full date, ``T``, a time, and
# a time zone (``Z`` or an offset). pydantic's own parser also takes Unix times ("1658217008",
# or a JSON number), a space for the ``T`` and no time zone, which are not date-times.
_RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})",
    re.ASCII,
)
_NOT_RFC3339 = (
    "datetime_type",
    "Input should be an RFC 3339 date-time with a time zone, like 2020-07-23T07:11:57Z",
)


def _to_datetime(value: Any) -> _dt.datetime:
    """One Python call per value, where pydantic's parser needs a wrap validator around it to
    keep the text: ``datetime.fromisoformat`` (C) reads every RFC 3339 date-time, and builds
    the ``WireDatetime`` directly."""
    if isinstance(value, str):
        if _RFC3339.fullmatch(value):
            try:
                # 3.11's fromisoformat wants an upper-case Z; the text is kept as sent.
                parsed = WireDatetime.fromisoformat(value if value[-1] != "z" else value.upper())
            except ValueError:  # month 13, second 60: the shape is right, the date is not
                raise PydanticCustomError(*_NOT_RFC3339) from None
            parsed.wire = value
            return parsed
    elif isinstance(value, _dt.datetime) and value.tzinfo is not None:  # made in code
        return value
    raise PydanticCustomError(*_NOT_RFC3339)


def _dump_text(value: Any, handler: core_schema.SerializerFunctionWrapHandler) -> Any:
    if type(value) is WireDatetime and value.wire is not None:
        return value.wire
    return handler(value)


def _datetime_schema(source: Any, handler: pydantic.GetCoreSchemaHandler) -> CoreSchema:
    return core_schema.no_info_plain_validator_function(
        _to_datetime,
        serialization=core_schema.wrap_serializer_function_ser_schema(
            _dump_text, schema=core_schema.datetime_schema(), when_used="json"
        ),
    )


# Named like pydantic's type so datamodel-code-generator's output imports it in its place.
AwareDatetime = Annotated[
    _dt.datetime,
    pydantic.GetPydanticSchema(_datetime_schema),
    pydantic.WithJsonSchema({"type": "string", "format": "date-time"}),
]


_FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_NOT_FULL_DATE = ("date_type", "Input should be an RFC 3339 full-date, like 2020-07-23")


def _to_date(value: Any) -> _dt.date:
    """JSON Schema's ``format: date`` only: pydantic's ``date`` also takes a Unix time (``0``
    is 1970-01-01) and a date-time at midnight."""
    if isinstance(value, str):
        if _FULL_DATE.fullmatch(value):
            try:
                return _dt.date.fromisoformat(value)  # the text is exactly what isoformat() gives
            except ValueError:  # month 13
                pass
    elif isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):  # made in code
        return value
    raise PydanticCustomError(*_NOT_FULL_DATE)


def _date_text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, _dt.date) else value  # else: kept as sent


def _date_schema(source: Any, handler: pydantic.GetCoreSchemaHandler) -> CoreSchema:
    return core_schema.no_info_plain_validator_function(
        _to_date,
        serialization=core_schema.plain_serializer_function_ser_schema(
            _date_text, when_used="json"
        ),
    )


# Named like the standard type so datamodel-code-generator's output imports it in its place.
date = Annotated[
    _dt.date,
    pydantic.GetPydanticSchema(_date_schema),
    pydantic.WithJsonSchema({"type": "string", "format": "date"}),
]
