"""The week's plan: the instance built from the database, versions, locks, edits, publishing,
what the planning page shows and what a published week is sent out as."""
