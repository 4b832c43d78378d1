"""Who may sign in and as what: local accounts, passwords, lockout, sessions and roles."""
