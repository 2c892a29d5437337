"""Messages of the network road: `outpost hq serve` and `outpost sync`."""

from __future__ import annotations

MESSAGES = {
    "net.bad_listen": {
        "en": "--listen wants HOST:PORT (e.g. 0.0.0.0:8443), not {value}",
        "zh": "--listen 应为 主机:端口（如 0.0.0.0:8443），而不是 {value}",
    },
    "net.cannot_listen": {
        "en": "cannot listen on {value}: {reason}",
        "zh": "无法在 {value} 上监听：{reason}",
    },
    "net.serving_pin": {
        "en": "TLS pin (read it to each station over the phone): {pin}",
        "zh": "TLS 指纹（请通过电话读给各站）：{pin}",
    },
    "net.plain_warning": {
        "en": "warning: plain HTTP: anyone on the line sees who talks to HQ and how much "
        "(packets stay sealed and signed); use it only on a VPN or 127.0.0.1",
        "zh": "警告：明文 HTTP：线路上的人能看到哪个站在与大队通信、传了多少（数据包仍加密并签名）；"
        "只在 VPN 或 127.0.0.1 上使用",
    },
    "net.stopped": {"en": "inbox server stopped", "zh": "收件服务器已停止"},
    "net.bad_url": {
        "en": "HQ's address must look like https://HOST:PORT, not {url}",
        "zh": "大队地址应形如 https://主机:端口，而不是 {url}",
    },
    "net.no_pin": {
        "en": "an https address needs HQ's TLS pin: --pin (64 hex digits, read over the phone)",
        "zh": "https 地址需要大队的 TLS 指纹：--pin（64 位十六进制，电话核对）",
    },
    "net.no_url": {
        "en": "no address of HQ's inbox server yet: give --url (it is remembered)",
        "zh": "尚无大队收件服务器地址：请用 --url 给出（之后会记住）",
    },
    "net.no_connection": {
        "en": "no connection to HQ ({reason}): nothing lost, run outpost sync again later",
        "zh": "无法连接大队（{reason}）：数据未丢失，稍后再运行 outpost sync",
    },
    "net.busy": {
        "en": "HQ asks to try later ({code}): nothing lost, run outpost sync again later",
        "zh": "大队请稍后再试（{code}）：数据未丢失，稍后再运行 outpost sync",
    },
    "net.still_waiting": {
        "en": "{count} packet(s) still not acknowledged",
        "zh": "还有 {count} 个数据包未确认",
    },
    "net.pin_mismatch": {
        "en": "HQ's certificate does not match the pin (expected {pin}, got {seen}): "
        "not sent; call HQ",
        "zh": "大队证书与指纹不符（应为 {pin}，实为 {seen}）：未发送；请致电大队",
    },
    "net.not_hq": {
        "en": "the server did not answer as HQ's inbox does (HTTP {status})",
        "zh": "服务器的应答不像大队收件服务器（HTTP {status}）",
    },
    "net.refused": {
        "en": "HQ refused (HTTP {status}, {code}): {reason}",
        "zh": "大队拒收（HTTP {status}，{code}）：{reason}",
    },
    "net.fork": {
        "en": "HQ holds other entries at these seqs: a fork ({reason}); call HQ",
        "zh": "大队在这些序号上保存了不同的记录：分叉（{reason}）；请致电大队",
    },
    "net.clock": {
        "en": "this laptop's clock is too far from HQ's (HQ's time: {hq_time}): set the clock",
        "zh": "本机时钟与大队相差太多（大队时间：{hq_time}）：请校准时钟",
    },
    "net.retrying": {
        "en": "{reason}; trying again in {seconds} s",
        "zh": "{reason}；{seconds} 秒后重试",
    },
    "net.nothing_missing": {"en": "nothing", "zh": "无"},
    "net.synced": {
        "en": "sent {sent} packet(s), {held} already held; acknowledged through entry "
        "{through}; HQ is missing: {missing}; waiting: {waiting}",
        "zh": "已发送 {sent} 个数据包，{held} 个大队已有；已确认至第 {through} 条；"
        "大队缺少：{missing}；待确认：{waiting}",
    },
}
