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
    "tui.hq.detail.gap_file": {
        "en": "  {seqs}: in the station's outbox/, the file {file}",
        "zh": "  {seqs}：站点 outbox/ 中的文件 {file}",
    },
    "tui.hq.detail.gap_files": {
        "en": "  {seqs}: in the station's outbox/, the files from {first} to {last}",
        "zh": "  {seqs}：站点 outbox/ 中从 {first} 到 {last} 的文件",
    },
    "tui.hq.detail.gap_refused": {
        "en": "    refused here {at} ({via}): {file}: {reason}",
        "zh": "    大队曾拒收（{at}，{via}）：{file}：{reason}",
    },
    "tui.hq.detail.gap_hint": {
        "en": "At the station: outpost ack STICK/acks, then outpost export --copy-to STICK "
        "copies those files and seals the missing entries again.",
        "zh": "站点操作：outpost ack U盘/acks，再 outpost export --copy-to U盘："
        "复制这些文件，并重新封装缺失的记录。",
    },
}
