"""Requests that are plainly outside an official information service's remit."""

from __future__ import annotations

import re

# Tasks, not questions about Viet Nam: writing code, poems or homework, role play.
_TASKS = re.compile(
    r"\b(write|generate|create|debug|fix)\b.{0,40}\b(code|program|script|function|poem|song|"
    r"essay|story|sql|regex|html|css|javascript|python)\b"
    r"|\b(écri[rstv]\w*|génér\w*)\b.{0,40}\b(code|programme|script|poème|chanson)\b"
    r"|\b(escrib\w*|genera\w*)\b.{0,40}\b(código|programa|poema|canción)\b"
    r"|\b(schreib\w*)\b.{0,40}\b(code|programm|gedicht|lied)\b"
    r"|\b(напиши\w*)\b.{0,40}\b(код|программ\w*|стих\w*)\b"
    r"|\b(viết)\b.{0,30}\b(code|mã|chương trình|bài thơ)\b"
    r"|(写|编写).{0,10}(代码|程序|诗)|(コード|プログラム|詩).{0,10}(書いて|作って)"
    r"|```",
    re.IGNORECASE | re.DOTALL,
)


def out_of_remit(question: str) -> bool:
    """Return True for requests the bot must decline whatever the content says."""
    return bool(_TASKS.search(question))
