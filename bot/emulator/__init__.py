"""A local Telegram Bot API emulator, for tests and the offline sandbox.

The real python-telegram-bot ``Application`` talks to it over HTTP on 127.0.0.1 exactly as it
talks to api.telegram.org, so code that works here works against Telegram: requests are checked
against the Bot API reference (``bot-api.min.json``), Telegram's limits and error texts are
enforced (4096-character messages, 64-byte callback data, HTML parse errors, 403 for users who
never started or blocked the bot, 429 flood control, group migration), and updates arrive
through a real ``getUpdates`` long poll.

Start it and point PTB at it::

    from bot.emulator import BotApiEmulator, FloodLimits

    emu = BotApiEmulator(token, bot_username="bloc_assistant_bot",
                         flood=FloodLimits(enabled=False), privacy_mode=False)
    await emu.start()                 # 127.0.0.1, free port
    app = (ApplicationBuilder().token(token)
           .base_url(emu.base_url).base_file_url(emu.base_file_url).build())
    ...
    await emu.stop()

Set the scene and act as users (synchronous; call them on the emulator's event loop)::

    emu.add_user(111, "Lan", username="lan")          # private chat id == user id
    gid = emu.add_group("Khối 5", members=[111, 222], admins=[111], creator=111)
    emu.send_text(111, 111, "/start")                 # also marks 111 as having started the bot
    emu.send_text(gid, 111, "/setup Khối 5")          # bot_command entity at offset 0
    emu.send_document(111, 111, "roster.csv", b"code,name\\n...", caption="/addunit")
    emu.send_photo(111, 111, png_bytes, caption="chart")
    emu.press(111, 111, text="✅")                    # newest bot keyboard in that chat
    emu.press_forged(111, 111, message_id, "x:forged")
    emu.edit_user_message(111, message_id, "new text")
    emu.join_group(gid, 333); emu.leave_group(gid, 333); emu.set_admin(gid, 222)
    emu.add_bot_to_group(gid, by_user=111); emu.remove_bot_from_group(gid, by_user=111)
    new_id = emu.migrate_to_supergroup(gid)         # old id then answers 400 + migrate_to_chat_id
    emu.block_bot(111); emu.start_bot(222)
    cid = emu.add_channel("News"); emu.channel_post(cid, "hello")

Wait, then read back what the bot did::

    await emu.settle()                # every update confirmed, no request running
    emu.bot_messages(111)             # list[SentMessage]: text, html, buttons, document, photo...
    emu.last_bot_message(gid).button_texts()
    emu.callback_answers(query_id); emu.answer_for(query_id)
    emu.commands({"type": "all_group_chats"}, "vi")
    emu.calls("sendMessage")          # [(method, params), ...] of every request
    emu.chat_member_status(gid, 111)
    emu.pinned(gid); emu.file_data(file_id)

Make Telegram misbehave::

    emu.faults.fail_next(2, status=500)                       # or 429 (retry_after=...), 502
    emu.faults.fail_next(1, status=429, retry_after=3, methods={"sendMessage"})
    emu.faults.delay_next(1, 2.0, methods={"sendDocument"})
    emu.flood.enabled = True                                  # real sending limits
    emu.limiter.clock = fake_monotonic                        # drive flood control by hand

``getUpdates`` is never failed or delayed unless named in ``methods``. Methods of the Bot API
that the emulator does not simulate answer 501 "Not Implemented in emulator: <method>".
``chat_member`` updates, as on Telegram, need ``allowed_updates`` to include them and the bot to
be an administrator of the group. Message ids follow Telegram too: private chats and basic groups
share one sequence (the bot's message box), supergroups and channels count their own, so key
messages by (chat_id, message_id). Driver calls raise ``LookupError``/``AssertionError`` with a
clear message when asked for something that cannot happen (a press on a missing button, a
message from a non-member). ``emu.internal_errors`` lists emulator bugs (answered as 500).
"""

from .emulator import BotApiEmulator
from .errors import ApiError
from .limits import FloodLimits
from .models import Button, SentMessage

__all__ = ["ApiError", "BotApiEmulator", "Button", "FloodLimits", "SentMessage"]
