"""Messages of the station's line through a proxy (`HTTP_PROXY`, `HTTPS_PROXY`)."""

from __future__ import annotations

MESSAGES = {
    "net.bad_proxy": {
        "en": "{variable} must name a proxy like http://HOST:PORT, not {value}: "
        "correct it, or unset it to reach HQ directly",
        "zh": "{variable} 应为形如 http://主机:端口 的代理地址，而不是 {value}："
        "请改正，或取消该设置以直接连接大队",
    },
}
