"""The served page says it is Vietnamese from its first byte.

Gradio's page template hard-codes ``<html lang="en">`` and offers no setting for it (its i18n
translates its own labels in the browser, never the attribute). Screen readers, spell checkers,
hyphenation and browser translation offers read the attribute as the HTML arrives, before any
script runs, so this ASGI middleware rewrites it in every HTML response.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The template opens with it; both codes are two bytes, so Content-Length stays right.
_TEMPLATE_LANG = b'lang="en"'
_PAGE_LANG = b'lang="vi"'
_HEAD_BYTES = 200


class HtmlLang:
    """ASGI middleware: ``lang="en"`` at the start of an HTML response becomes ``lang="vi"``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = {"html": False, "first": True}

        async def send_lang(message: Message) -> None:
            if message["type"] == "http.response.start":
                content_type = dict(message.get("headers", [])).get(b"content-type", b"")
                state["html"] = content_type.startswith(b"text/html")
            elif message["type"] == "http.response.body" and state["html"] and state["first"]:
                state["first"] = False
                body = message.get("body", b"")
                head = body[:_HEAD_BYTES].replace(_TEMPLATE_LANG, _PAGE_LANG, 1)
                message = {**message, "body": head + body[_HEAD_BYTES:]}
            await send(message)

        await self.app(scope, receive, send_lang)
