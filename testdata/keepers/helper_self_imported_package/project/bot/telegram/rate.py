"""`import telegram` names python-telegram-bot's package, not `bot/telegram/`."""

import telegram

LIMIT = telegram.constants.FloodLimit.MESSAGES_PER_SECOND
