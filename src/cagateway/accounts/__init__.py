"""Accounts: users and roles, passwords (Argon2id), sessions, e-mail verification and reset, TOTP, API tokens,
rate limits, the mail outbox and the append-only audit log. Depends only on the core (db, config, errors)."""
