"""``sotay serve``: make sure the model and index exist (with visible progress), then launch the app."""

from __future__ import annotations

import os
import sys
import time
from importlib import resources
from collections.abc import Callable

import gradio as gr
from starlette.middleware import Middleware

from app import hall
from app.auth import SignIns
from app.batching import QueryBatcher
from app.html_lang import HtmlLang
from app.ui import CSS, build_app
from index.library import Library
from index.model import TextEmbedder, load_embedder
from index.store import current_generation
from index.settings import Settings


def _print_progress() -> Callable[[int, int, str], None]:
    """A progress callback that prints one line per new step (readable in logs and terminals)."""
    last = {"message": ""}

    def progress(done: int, total: int, message: str) -> None:
        if message != last["message"]:
            last["message"] = message
            print(f"  [{done}/{total}] {message}", file=sys.stderr, flush=True)

    return progress


def prepare(settings: Settings, embedder: TextEmbedder | None = None) -> Library:
    """A library ready to answer: index built (bundled corpus on a fresh data dir), model loaded.

    Args:
        embedder: An already loaded model to share (tests); by default the library loads it.
    """
    started = time.monotonic()
    if current_generation(settings.data_path) is None:
        print(f"Lần chạy đầu: xây dựng mô hình và chỉ mục trong {settings.data_dir} …", file=sys.stderr, flush=True)
    if embedder is None:
        print("Đang nạp mô hình …", file=sys.stderr, flush=True)
        embedder = load_embedder(settings)
    lib = Library(settings, embedder=QueryBatcher(embedder))
    report = lib.ensure_index(progress=_print_progress())
    if report is not None:
        print(f"Đã lập chỉ mục {report.documents} tài liệu, {report.passages} đoạn văn.", file=sys.stderr, flush=True)
    # With a shared database, uploads made through other replicas come in within seconds.
    lib.follow()
    # One real query warms every index, so the first user does not wait.
    lib.search("khởi động")
    print(f"Sẵn sàng sau {time.monotonic() - started:.1f} s.", file=sys.stderr, flush=True)
    return lib


# Fonts installed with the system, never fetched from the web: the service runs where there is
# no internet, and Gradio's default web fonts fell back to ones that break Vietnamese marks.
THEME = gr.themes.Default(
    font=["Noto Sans", "DejaVu Sans", "Segoe UI", "Arial", "sans-serif"],
    font_mono=["DejaVu Sans Mono", "Consolas", "monospace"],
)


# The page in Vietnamese where Gradio's notices and i18n say English (see head.js).
HEAD = f"<script>{(resources.files('app') / 'static' / 'head.js').read_text(encoding='utf-8')}</script>"


def launch(demo: gr.Blocks, settings: Settings, *, inbrowser: bool = False, block: bool = True) -> str:
    """Launch the app on ``settings.host``/``settings.port``; returns its local URL.

    Args:
        block: Keep the calling thread serving (the CLI); False returns at once (tests).
    """
    # uvicorn believes X-Forwarded-For from the addresses in FORWARDED_ALLOW_IPS, loopback by
    # default: a client through a same-host proxy could claim any address per request (and so dodge
    # the sign-in lockout). Gradio does not pass the option through, so it goes by the environment,
    # read when Gradio builds uvicorn's config below: only the proxies named in the settings.
    os.environ["FORWARDED_ALLOW_IPS"] = ",".join(p.strip() for p in settings.trusted_proxies.split(",") if p.strip())
    _, url, _ = demo.launch(
        server_name=settings.host,
        server_port=settings.port,
        inbrowser=inbrowser,
        prevent_thread_lock=not block,
        max_file_size=f"{settings.upload_max_mb}mb",
        ssr_mode=False,
        css=CSS,
        theme=THEME,
        head=HEAD,
        # Gradio's settings panel (theme, language) is noise on a phone's footer ("· Cài đặt").
        footer_links=["api"],
        app_kwargs={
            # The participant page of live sessions and the sign-in: plain HTML + JSON routes on
            # the same server.
            "routes": [*hall.routes(settings), *SignIns(settings).routes()],
            "middleware": [Middleware(HtmlLang)],
        },
    )
    return url


def serve(settings: Settings) -> None:
    """Entry point of ``sotay serve``: prepare, then serve until interrupted."""
    lib = prepare(settings)
    demo = build_app(lib, settings)
    launch(demo, settings, inbrowser=sys.stdin.isatty() and sys.stdout.isatty())
