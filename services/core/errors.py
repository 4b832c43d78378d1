"""Errors a user can act on. Each carries a translation key and parameters; pages render
`error.message()` in the user's language, logs and the command line use English."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.i18n import t


class FiredeskError(Exception):
    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(t(key, "en", **params))

    def message(self, language: str | None = None) -> str:
        return t(self.key, language, **self.params)


class PermissionDenied(FiredeskError):
    pass


class NotFound(FiredeskError):
    pass


class ConflictError(FiredeskError):
    """Somebody else saved the record after it was read: nothing was overwritten."""


class BusyError(ConflictError):
    """The database stayed busy with other people's saves: nothing was written; try again."""


class AuthError(FiredeskError):
    pass


@dataclass(frozen=True)
class FieldError:
    """What is wrong with one field (and, for imports, in which row)."""

    field: str
    key: str
    params: dict[str, object] = field(default_factory=dict)
    row: int | None = None

    def message(self, language: str | None = None) -> str:
        text = t(self.key, language, **self.params)
        label = t(f"field.{self.field}", language)
        if self.row is not None:
            return t("error.row_field", language, row=self.row, field=label, message=text)
        return t("error.field", language, field=label, message=text)


class ValidationError(FiredeskError):
    """One or more fields are invalid; nothing was written."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("error.validation", count=len(errors))

    def messages(self, language: str | None = None) -> list[str]:
        return [error.message(language) for error in self.errors]

    def __str__(self) -> str:
        return "; ".join(self.messages("en"))


class Problems:
    """Collects field errors so a form reports everything wrong at once."""

    def __init__(self, row: int | None = None) -> None:
        self.row = row
        self.errors: list[FieldError] = []

    def add(self, field_name: str, key: str, **params: object) -> None:
        self.errors.append(FieldError(field_name, key, params, self.row))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
