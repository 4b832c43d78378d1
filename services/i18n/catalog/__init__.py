"""Translation catalogs, one module per feature area (see services.i18n)."""
