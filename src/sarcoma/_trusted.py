"""Build result models from values our own code produced, without validating them a second time.

:meth:`pydantic.BaseModel.model_construct` skips validation but is slower than validating (it walks
aliases and defaults field by field in Python). :func:`trusted` does what it does for the plain
models of the staging result (no aliases, no private attributes, no ``model_post_init``, no extra
fields), checked once per class, and refuses a field name the model does not have. It is for the
engine's own output (trace steps, notices, the :class:`~sarcoma.StageResult`), never for user input,
which always goes through validation (:func:`sarcoma.staging.parse_input`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic.fields import FieldInfo

__all__ = ["trusted"]

Model = TypeVar("Model", bound=BaseModel)

_set = object.__setattr__
_IMMUTABLE = (str, int, float, bool, type(None), tuple, frozenset)


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


def _fresh(info: FieldInfo) -> Callable[[], Any]:
    """A new default each time (a default factory, or a copy of a mutable default), as pydantic gives."""
    return lambda: info.get_default(call_default_factory=True, validated_data={})


@cache
def _layout(cls: type[BaseModel]) -> tuple[tuple[str, ...], frozenset[str], dict[str, Callable[[], Any]]]:
    """Field names in order, the names that must be given, and how to fill each default."""
    if cls.__pydantic_root_model__ or cls.__pydantic_post_init__ or cls.__private_attributes__:
        raise TypeError(f"{cls.__name__}: trusted() builds only plain models")
    if cls.model_config.get("extra") == "allow":
        raise TypeError(f"{cls.__name__}: trusted() does not build models with extra fields")
    defaults: dict[str, Callable[[], Any]] = {}
    required = []
    for name, info in cls.model_fields.items():
        if info.alias is not None or info.validation_alias is not None:
            raise TypeError(f"{cls.__name__}.{name}: trusted() does not read aliases")
        if info.is_required():
            required.append(name)
        elif info.default_factory is None and isinstance(info.default, _IMMUTABLE):
            defaults[name] = _constant(info.default)
        else:
            defaults[name] = _fresh(info)
    return tuple(cls.model_fields), frozenset(required), defaults


def trusted(cls: type[Model], /, **values: Any) -> Model:
    """An instance of ``cls`` holding ``values`` as given, as :meth:`~pydantic.BaseModel.model_construct` would.

    Fields not given take their defaults; ``model_fields_set`` is the names given. A name the model
    does not have, or a required field left out, raises ``TypeError`` (a bug in our code).
    """
    names, required, defaults = _layout(cls)
    if tuple(values) == names:
        data = values
    else:
        unknown = values.keys() - set(names)
        missing = required - values.keys()
        if unknown or missing:
            raise TypeError(f"{cls.__name__}: unknown fields {sorted(unknown)}, missing fields {sorted(missing)}")
        data = {name: values[name] if name in values else defaults[name]() for name in names}
    model = cls.__new__(cls)
    _set(model, "__dict__", data)
    _set(model, "__pydantic_fields_set__", set(values))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model
