"""Present — takes search results, alerts, stats and reports.

Gives what a person reads: terminal text, JSON, Telegram HTML (escaped, within Telegram's limits).
"""
