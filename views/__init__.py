"""Pure rendering, one module per feature: text and keyboards, no I/O, no Telegram calls."""
