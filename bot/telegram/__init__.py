"""The Telegram face of innobot (python-telegram-bot 22)."""
