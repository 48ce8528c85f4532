"""The editors' admin: every record's admin with history and versioned forms, the admin site and
its pages (content health, backup download), and the editors' commands."""
