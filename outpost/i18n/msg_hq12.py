"""Messages of HQ's import worker, the gaps of a station's detail and HQ's zone (issue 12)."""

MESSAGES: dict[str, dict[str, str]] = {
    "tui.hq.import.stopping": {
        "en": "Stopping after the packet under way…",
        "zh": "正在导入的数据包完成后停止…",
    },
    "tui.hq.import.stopped": {
        "en": "Stopped after {done} of {total} packets. ",
        "zh": "已在第 {done} 个（共 {total} 个）数据包后停止。",
    },
}
