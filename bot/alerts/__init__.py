"""Alerts — takes the posts a new index version brings and the subscriptions.

Gives the matches, queued as alerts in the store's outbox; imports base, ingest, search, store.
"""
