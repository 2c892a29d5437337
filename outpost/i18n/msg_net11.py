"""Messages of HQ's inbox card (`outpost hq inbox-card`, `outpost sync --card`) and of the
network watch of `outpost sync --watch`."""

from __future__ import annotations

MESSAGES = {
    "net.card_written": {
        "en": "inbox card for {url} written to {path}: give it to each station "
        "(outpost sync --card FILE)",
        "zh": "收件名片（{url}）已写入 {path}：交给各警务站（outpost sync --card 文件）",
    },
    "net.card_taken": {
        "en": "HQ's inbox card checked: uploading to {url} (remembered)",
        "zh": "大队收件名片已核验：上传到 {url}（已记住）",
    },
    "net.card_or_url": {
        "en": "give either --card or --url/--pin, not both",
        "zh": "--card 与 --url/--pin 只能给一种",
    },
    "net.network_up": {
        "en": "the network came up: trying now",
        "zh": "网络已恢复：立即重试",
    },
    "inbox_card.bad": {
        "en": "{path} is not an inbox card of outpost",
        "zh": "{path} 不是 outpost 的收件名片",
    },
    "inbox_card.other_hq": {
        "en": "{path} is the inbox card of another HQ ({found}), not of yours ({hq}): not taken",
        "zh": "{path} 是另一个大队（{found}）的收件名片，不是本站大队（{hq}）的：未采用",
    },
    "inbox_card.bad_signature": {
        "en": "{path}: the inbox card's signature does not verify with your HQ's key "
        "(changed on the way, or not HQ's): not taken; ask HQ for a new one",
        "zh": "{path}：收件名片的签名与大队密钥不符（途中被改或并非大队所发）：未采用；请向大队索取新的",
    },
    "tui.upload.url_hint": {
        "en": "https://10.8.0.1:8443, or the path of HQ's inbox card",
        "zh": "https://10.8.0.1:8443，或大队收件名片的路径",
    },
    "tui.upload.card_taken": {
        "en": "HQ's inbox card checked: {url}, pin {pin}",
        "zh": "大队收件名片已核验：{url}，指纹 {pin}",
    },
}
