"""What every area stands on: the unit of work and the audit trail, permissions, errors a user can act on,
optimistic locking, privacy (masking and audited reveal), field validation, the one spreadsheet
reader and writer, the clock and settings."""
