"""Pure rules of the bloc's year: no Telegram, no database."""
