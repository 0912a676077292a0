"""Accounts: sign-in, sign-up, multi-factor authentication and API tokens, on django-allauth
(docs/adr/0010-accounts-with-allauth.md)."""
