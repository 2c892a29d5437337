"""Messages of the station's sync screen (export, copies to a stick, HQ's acks, the card,
uploads to HQ's inbox server)."""

MESSAGES: dict[str, dict[str, str]] = {
    # sync state
    "tui.sync.label": {"en": "Sync:", "zh": "上报："},
    "tui.sync.no_hq": {
        "en": "no HQ card yet (sync screen, key y)",
        "zh": "尚未设置大队证书（上报页面，按 y）",
    },
    "tui.sync.unexported": {"en": "{count} not yet exported", "zh": "{count} 条尚未导出"},
    "tui.sync.waiting": {
        "en": "{count} exported {when}, waiting for HQ",
        "zh": "{count} 条已于 {when} 导出，等待大队回执",
    },
    "tui.sync.acked": {
        "en": "acknowledged through #{seq} ({when})",
        "zh": "大队已确认至第 {seq} 条（{when}）",
    },
    "tui.sync.nothing": {"en": "nothing recorded yet", "zh": "尚无记录"},
    "tui.sync.gaps": {"en": "HQ lacks {count} range(s)", "zh": "大队缺少 {count} 段记录"},
    "tui.sync.title": {"en": "Sync with HQ", "zh": "向大队上报"},
    "tui.sync.hq": {"en": "HQ", "zh": "大队"},
    "tui.sync.unexported_label": {"en": "Not yet exported", "zh": "尚未导出"},
    "tui.sync.waiting_label": {"en": "Waiting for HQ", "zh": "等待大队回执"},
    "tui.sync.acked_label": {"en": "Acknowledged through", "zh": "已确认至"},
    "tui.sync.last_ack": {"en": "Last ack", "zh": "上次回执"},
    "tui.sync.lacks": {"en": "HQ still lacks", "zh": "大队仍缺少"},
    "tui.sync.lacks_none": {"en": "nothing", "zh": "无"},
    "tui.sync.copy_to": {"en": "Copy to folder", "zh": "复制到文件夹"},
    "tui.sync.hq_card": {"en": "HQ card file", "zh": "大队证书文件"},
    "tui.sync.hq_card_set": {
        "en": "HQ card taken: {hq} (fingerprint {fp}); check the fingerprint with HQ by phone.",
        "zh": "已设置大队证书：{hq}（指纹 {fp}），请电话向大队核对指纹。",
    },
    "tui.sync.own_card": {"en": "This station's card", "zh": "本站名片"},
    "tui.sync.own_card_at": {"en": "fingerprint {fp}  {path}", "zh": "指纹 {fp}  {path}"},
    "tui.sync.card_copied": {
        "en": "Station card copied and checked: {path} (fingerprint {fp}); HQ enrolls it and "
        "reads the fingerprint back to you on the phone.",
        "zh": "本站名片已复制并校验：{path}（指纹 {fp}）；交大队登记，并电话核对指纹。",
    },
    "tui.sync.working.card": {"en": "Copying the station card…", "zh": "正在复制本站名片…"},
    "tui.sync.no_acks_here": {
        "en": "No ack files in {folder} nor in its acks folder.",
        "zh": "{folder} 及其 acks 子文件夹中都没有回执文件。",
    },
    "tui.sync.acks_from": {"en": "Acks from folder", "zh": "回执所在文件夹"},
    "tui.sync.need_folder": {"en": "Type a folder first.", "zh": "请先填写文件夹。"},
    "tui.sync.working.export": {"en": "Exporting…", "zh": "正在导出…"},
    "tui.sync.working.copy": {"en": "Copying and checking…", "zh": "正在复制并校验…"},
    "tui.sync.working.import": {"en": "Importing acks…", "zh": "正在导入回执…"},
    "tui.sync.failed": {
        "en": "Stopped by an internal error ({error}); nothing was lost.",
        "zh": "内部错误（{error}），操作已停止，数据未丢失。",
    },
    "tui.sync.nothing_to_export": {
        "en": "Nothing to export: HQ has been sent everything.",
        "zh": "无需导出：所有记录都已发出。",
    },
    "tui.sync.sealed": {"en": "Sealed {path}", "zh": "已封装 {path}"},
    "tui.sync.exported": {
        "en": "Exported {entries} entries in {packets} packet(s).",
        "zh": "已导出 {entries} 条记录，共 {packets} 个数据包。",
    },
    "tui.sync.resent": {
        "en": "{entries} entries sealed again (HQ lacked them).",
        "zh": "重新封装 {entries} 条记录（大队缺少）。",
    },
    "tui.sync.nothing_to_copy": {
        "en": "No packet waiting for HQ: nothing to copy.",
        "zh": "没有等待大队回执的数据包，无需复制。",
    },
    "tui.sync.copied_one": {"en": "Copied and checked {path}", "zh": "已复制并校验 {path}"},
    "tui.sync.copied": {
        "en": "{count} packet(s) copied to {folder}, every copy checked.",
        "zh": "{count} 个数据包已复制到 {folder}，均已校验。",
    },
    "tui.sync.ack_applied": {
        "en": "{file}: ack #{counter}, HQ holds everything through #{through}.",
        "zh": "{file}：第 {counter} 号回执，大队已收到第 {through} 条及之前的全部记录。",
    },
    "tui.sync.ack_gaps": {"en": "HQ lacks entries {gaps}.", "zh": "大队缺少记录：{gaps}。"},
    "tui.sync.ack_resend": {
        "en": "The next export sends {entries} entries again.",
        "zh": "下次导出将重新发送 {entries} 条记录。",
    },
    "tui.sync.last_upload": {"en": "last upload {when}", "zh": "上次上传 {when}"},
    # uploads to HQ's inbox server
    "tui.key.upload": {"en": "Upload", "zh": "上传"},
    "tui.key.auto_upload": {"en": "Auto-upload", "zh": "自动上传"},
    "tui.upload.url": {"en": "HQ inbox address", "zh": "大队收件地址"},
    "tui.upload.pin": {"en": "HQ's TLS pin", "zh": "大队 TLS 指纹"},
    "tui.upload.pin_hint": {
        "en": "https only: 64 hex digits, read over the phone",
        "zh": "仅 https 需要：电话核对的 64 位指纹",
    },
    "tui.upload.label": {"en": "Upload:", "zh": "上传："},
    "tui.upload.idle": {"en": "not tried yet (key t)", "zh": "尚未上传（按 t）"},
    "tui.upload.connecting": {"en": "connecting to HQ…", "zh": "正在连接大队…"},
    "tui.upload.sending": {
        "en": "packet {packet}/{packets}, {sent} of {size}",
        "zh": "第 {packet}/{packets} 个数据包，{sent} / {size}",
    },
    "tui.upload.connected": {
        "en": "connected ({when}): HQ acknowledged through #{seq}",
        "zh": "已连接（{when}）：大队已确认至第 {seq} 条",
    },
    "tui.upload.unacknowledged": {
        "en": "{count} packet(s) not yet acknowledged",
        "zh": "{count} 个数据包尚未确认",
    },
    "tui.upload.offline": {"en": "no network", "zh": "无网络"},
    "tui.upload.busy": {"en": "HQ asks to try later", "zh": "大队请稍后再试"},
    "tui.upload.next_try": {"en": ", next try {when}", "zh": "，下次重试 {when}"},
    "tui.upload.refused": {"en": "HQ refused: {reason}", "zh": "大队拒收：{reason}"},
    "tui.upload.failed": {"en": "not uploaded: {reason}", "zh": "未上传：{reason}"},
    "tui.upload.under_way": {
        "en": "An upload is under way; its state shows above.",
        "zh": "正在上传，进度见上方。",
    },
    "tui.upload.stick_waits": {
        "en": "An upload is under way: the stick's work waits until it ends.",
        "zh": "正在上传：U 盘操作请等上传结束。",
    },
    "tui.upload.working": {"en": "Uploading to {url}…", "zh": "正在上传到 {url}…"},
    "tui.upload.remembered_url": {"en": "the address remembered", "zh": "已记住的地址"},
    "tui.upload.auto_on": {
        "en": "Auto-upload on: every {minutes} minutes and soon after each save.",
        "zh": "自动上传已开：每 {minutes} 分钟一次，保存记录后也会很快上传。",
    },
    "tui.upload.auto_off": {"en": "Auto-upload off.", "zh": "自动上传已关。"},
    "screen.net.no_connection": {
        "en": "no connection to HQ ({reason}): nothing lost, it is tried again",
        "zh": "无法连接大队（{reason}）：数据未丢失，稍后会重试",
    },
    "screen.net.busy": {
        "en": "HQ asks to try later ({code}): nothing lost, it is tried again",
        "zh": "大队请稍后再试（{code}）：数据未丢失，稍后会重试",
    },
    "screen.net.no_url": {
        "en": "no address of HQ's inbox server yet: type it in the field above",
        "zh": "尚无大队收件服务器地址：请在上方填写",
    },
    "screen.net.no_pin": {
        "en": "an https address needs HQ's TLS pin (64 hex digits, read over the phone)",
        "zh": "https 地址需要大队的 TLS 指纹（64 位十六进制，电话核对）",
    },
}
