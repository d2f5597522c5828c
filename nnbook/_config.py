"""The configuration protocol shared by every class that a saved model file records.

A *config* is the dict of keyword arguments that rebuilds an object:
``type(obj)(**obj.get_config())`` is an object with the same settings. Its values are
None, bools, numbers, strings, tuples/lists of these, or other configurable nnbook
objects (a layer's activation, initializer or regularizer), which
:mod:`nnbook.saving` writes as nested configs.

The default :meth:`Configurable.get_config` reads, for every parameter of the
class's ``__init__``, the attribute of the same name. So a class whose
constructor stores each argument under its own name (``self.rate = rate``) needs
nothing more; a class that stores an argument differently overrides ``get_config``.
"""
from __future__ import annotations

import inspect


class Configurable:
    """Mixin: :meth:`get_config` returns the constructor arguments, :meth:`from_config` rebuilds."""

    def get_config(self) -> dict:
        """The keyword arguments that rebuild this object: ``type(self)(**self.get_config())``."""
        config = {}
        for name, param in inspect.signature(type(self).__init__).parameters.items():
            if name == "self" or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                continue
            if not hasattr(self, name):
                raise NotImplementedError(
                    f"{type(self).__name__}.get_config cannot find the attribute {name!r} for the constructor "
                    f"argument of the same name. Store it as self.{name} or override get_config.")
            config[name] = getattr(self, name)
        return config

    @classmethod
    def from_config(cls, config: dict):
        """Rebuild an object from :meth:`get_config`'s dict."""
        return cls(**config)
