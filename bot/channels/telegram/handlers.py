"""Telegram commands, questions and button presses, wired to the Conversation."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from telegram import Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.channels.telegram import keyboards as kb
from bot.channels.telegram.conversation import NO_PREVIEW, Conversation, Where
from bot.channels.telegram.errors import make_error_handler
from bot.channels.telegram.formatting import format_sources_full
from bot.channels.telegram.guards import addressed_text
from bot.channels.telegram.strings import help_text, ui, ui_language
from bot.i18n import LANGUAGE_NAMES, SUPPORTED_LANGUAGES
from bot.metrics import FEEDBACK

if TYPE_CHECKING:
    from bot.services import Services

Context = ContextTypes.DEFAULT_TYPE
GROUPS = {ChatType.GROUP, ChatType.SUPERGROUP}


def chat_data(context: Context) -> dict[Any, Any]:
    """Return the chat's data dict (a throwaway one for updates without a chat)."""
    return context.chat_data if context.chat_data is not None else {}


def ui_lang(update: Update, context: Context) -> str:
    """Return the UI language: the one chosen with /language, else the user's Telegram one."""
    user = update.effective_user
    return ui_language(chat_data(context).get("lang"), user.language_code if user else None)


class Handlers:
    """Every handler of the bot, sharing one Conversation."""

    def __init__(self, services: Services, salt: bytes) -> None:
        """Answer with `services`; hash ids with `salt`."""
        self.services = services
        self.salt = salt
        self.conversation = Conversation(services, salt)

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Add every handler and the error handler to `application`."""
        private = filters.ChatType.PRIVATE
        text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND  # not edits
        application.add_handlers(
            [
                CommandHandler("start", self.start),
                CommandHandler("help", self.help),
                CommandHandler("language", self.language),
                CommandHandler("sources", self.sources),
                MessageHandler(text, self.question),
                MessageHandler(private & filters.COMMAND, self.help),
                MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, self.not_text),
                CallbackQueryHandler(self.on_ask, pattern=rf"^{kb.ASK}:"),
                CallbackQueryHandler(self.on_feedback, pattern=rf"^{kb.FEEDBACK}:"),
                CallbackQueryHandler(self.on_language, pattern=rf"^{kb.LANGUAGE}:"),
                CallbackQueryHandler(self.on_new, pattern=rf"^{kb.NEW}$"),
            ]
        )
        application.add_error_handler(make_error_handler(self.salt))

    async def start(self, update: Update, context: Context) -> None:
        """Greet the user, say what the bot does, suggest questions; forget earlier context."""
        chat, message = update.effective_chat, update.effective_message
        if chat is None or message is None:
            return
        lang = ui_lang(update, context)
        await asyncio.to_thread(self.conversation.reset, chat.id, chat_data(context))
        site = self.services.sites.get(self.services.settings.telegram_site)
        name = site.name if site else "Ask Viet Nam"
        greeting = (site.greeting.get(lang) if site else None) or ui("greeting", lang, name=name)
        questions = site.suggestions_for(lang) if site else []
        parts = [greeting, ui("help", lang)] + ([ui("suggest", lang)] if questions else [])
        text = "\n\n".join(parts)
        await message.reply_text(text, reply_markup=kb.suggestions_keyboard(questions, lang))

    async def help(self, update: Update, context: Context) -> None:
        """Explain what the bot does and list its commands."""
        if update.effective_message:
            await update.effective_message.reply_text(help_text(ui_lang(update, context)))

    async def language(self, update: Update, context: Context) -> None:
        """Offer the answer languages as buttons."""
        if update.effective_message:
            lang = ui_lang(update, context)
            await update.effective_message.reply_text(
                ui("choose_lang", lang), reply_markup=kb.language_keyboard(lang)
            )

    async def sources(self, update: Update, context: Context) -> None:
        """Show every source of the last answer: title, address, publication date."""
        message = update.effective_message
        if message is None:
            return
        lang = ui_lang(update, context)
        last = chat_data(context).get("last_sources")
        if not last:
            await message.reply_text(ui("no_sources", lang))
            return
        await message.reply_text(
            format_sources_full(last, lang),
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
        )

    async def question(self, update: Update, context: Context) -> None:
        """Answer a text message (in groups only when the bot is mentioned or replied to)."""
        chat, message, user = update.effective_chat, update.effective_message, update.effective_user
        if chat is None or message is None or user is None or message.text is None:
            return
        text: str | None = message.text
        if chat.type in GROUPS:
            text = addressed_text(message, context.bot.id, context.bot.username)
        elif chat.type != ChatType.PRIVATE:
            return  # channels: never answer
        if text is None:
            return
        where = Where(
            chat.id,
            thread_id=message.message_thread_id if message.is_topic_message else None,
            reply_to=message.message_id if chat.type in GROUPS else None,
        )
        await self.conversation.ask(
            context.bot,
            where,
            user_id=user.id,
            question=text,
            chat_data=chat_data(context),
            ui_lang=ui_lang(update, context),
        )

    async def not_text(self, update: Update, context: Context) -> None:
        """Ask for a text question when a private chat sends a photo, sticker, voice..."""
        if update.effective_message:
            await update.effective_message.reply_text(ui("empty", ui_lang(update, context)))

    async def on_ask(self, update: Update, context: Context) -> None:
        """Ask the suggested question whose button was pressed."""
        query, chat, user = update.callback_query, update.effective_chat, update.effective_user
        if query is None or chat is None or user is None or query.data is None:
            return
        _, lang, index = [*query.data.split(":"), "", ""][:3]
        site = self.services.sites.get(self.services.settings.telegram_site)
        questions = site.suggestions_for(lang) if site and lang in SUPPORTED_LANGUAGES else []
        if not index.isdigit() or int(index) >= len(questions):
            await query.answer(ui("expired", ui_lang(update, context)))
            return
        await query.answer()
        message = query.message if isinstance(query.message, Message) else None
        thread_id = message.message_thread_id if message and message.is_topic_message else None
        await self.conversation.ask(
            context.bot,
            Where(chat.id, thread_id=thread_id),
            user_id=user.id,
            question=questions[int(index)],
            chat_data=chat_data(context),
            ui_lang=ui_lang(update, context),
        )

    async def on_feedback(self, update: Update, context: Context) -> None:
        """Record 👍/👎 on an answer, thank the user and show the choice on the keyboard."""
        query = update.callback_query
        if query is None or query.data is None:
            return
        lang = ui_lang(update, context)
        parsed = kb.parse_feedback(query.data)
        if parsed is None:  # "fb:done": already rated
            await query.answer(ui("thanks", lang))
            return
        rating, exchange_id = parsed
        store = self.services.store
        recorded = await asyncio.to_thread(
            store.add_feedback, exchange_id, rating, None, "telegram"
        )
        await query.answer(ui("thanks" if recorded else "feedback_gone", lang))
        if recorded:
            FEEDBACK.labels("telegram", "up" if rating > 0 else "down").inc()
        if recorded and isinstance(query.message, Message):
            await query.edit_message_reply_markup(
                kb.feedback_chosen(query.message.reply_markup, rating)
            )

    async def on_language(self, update: Update, context: Context) -> None:
        """Store the chosen answer language for this chat and confirm it in that language."""
        query = update.callback_query
        if query is None or query.data is None:
            return
        code = query.data.partition(":")[2]
        data = chat_data(context)
        if code in SUPPORTED_LANGUAGES:
            data["lang"] = code
            text = ui("lang_set", ui_language(code), lang=LANGUAGE_NAMES[code])
        else:
            data.pop("lang", None)
            text = ui("lang_auto_set", ui_lang(update, context))
        if update.effective_chat is not None:  # kept for restarts and the other workers
            await self.conversation.keep_language(update.effective_chat.id, data.get("lang"))
        await query.answer()
        await query.edit_message_text(text)

    async def on_new(self, update: Update, context: Context) -> None:
        """Start a new conversation: forget the chat's context."""
        query, chat = update.callback_query, update.effective_chat
        if query is None or chat is None:
            return
        await asyncio.to_thread(self.conversation.reset, chat.id, chat_data(context))
        lang = ui_lang(update, context)
        await query.answer(ui("reset_done", lang))
        message = query.message if isinstance(query.message, Message) else None
        thread = message.message_thread_id if message and message.is_topic_message else None
        await context.bot.send_message(
            chat_id=chat.id, message_thread_id=thread, text=ui("reset_done", lang)
        )
