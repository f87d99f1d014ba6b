"""factory_boy factories, one module per app; import them from here."""

from .accounts import UnitFactory, UserFactory  # noqa: F401
