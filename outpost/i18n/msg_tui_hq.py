"""Messages of HQ's TUI (`outpost hq` with no sub-command)."""

MESSAGES: dict[str, dict[str, str]] = {
    "tui.hq.title": {"en": "outpost — brigade HQ", "zh": "outpost 边境管理大队"},
    "tui.hq.key.stations": {"en": "Stations", "zh": "警务站"},
    "tui.hq.key.import": {"en": "Import", "zh": "导入"},
    "tui.hq.key.enroll": {"en": "Enroll", "zh": "登记警务站"},
    "tui.hq.key.create": {"en": "Set up HQ", "zh": "建立大队"},
    "tui.hq.key.continue": {"en": "Continue", "zh": "继续"},
    "tui.hq.passphrase": {"en": "Passphrase", "zh": "口令"},
    "tui.hq.none": {"en": "none", "zh": "无"},
    # unlock
    "tui.hq.unlock.title": {"en": "Unlock HQ", "zh": "解锁大队密钥"},
    "tui.hq.unlock.intro": {
        "en": "Type HQ's key passphrase, then Enter.",
        "zh": "请输入大队密钥口令，然后按回车。",
    },
    "tui.hq.unlock.wrong": {
        "en": "Not unlocked: {reason}. Try again.",
        "zh": "未能解锁：{reason}。请重试。",
    },
    # set-up
    "tui.hq.setup.title": {"en": "Set up brigade HQ", "zh": "建立大队"},
    "tui.hq.setup.intro": {
        "en": "No HQ in {path} yet. Fill in, then Enter or Ctrl+S.",
        "zh": "{path} 中还没有大队。填写后按回车或 Ctrl+S。",
    },
    "tui.hq.setup.hq_id": {"en": "HQ id", "zh": "大队编号"},
    "tui.hq.setup.name": {"en": "Name", "zh": "名称"},
    "tui.hq.setup.passphrase": {"en": "Passphrase", "zh": "口令"},
    "tui.hq.setup.again": {"en": "Passphrase again", "zh": "再次输入口令"},
    "tui.hq.setup.timezone": {"en": "Time zone", "zh": "时区"},
    "tui.hq.setup.card": {
        "en": "HQ is set up. Its card, for every station: {path}",
        "zh": "大队已建立。大队名片（交给各警务站）：{path}",
    },
    "tui.hq.setup.fingerprint": {
        "en": "Fingerprint (read it to each station on the phone):",
        "zh": "指纹（电话中向各警务站核对）：",
    },
    "tui.hq.setup.next": {"en": "Enter: the stations.", "zh": "回车：进入警务站列表。"},
    # stations
    "tui.hq.stations.title": {"en": "Stations", "zh": "警务站"},
    "tui.hq.stations.none": {
        "en": "No station enrolled yet: E enrolls one from its card.",
        "zh": "尚未登记警务站：按 E 用其名片登记。",
    },
    "tui.hq.stations.count": {
        "en": "{count} stations, the one needing attention first. Enter: details.",
        "zh": "共 {count} 个警务站，需要关注的在前。回车：详情。",
    },
    "tui.hq.col.station": {"en": "Station", "zh": "警务站"},
    "tui.hq.col.entries": {"en": "Held", "zh": "记录数"},
    "tui.hq.col.through": {"en": "Through", "zh": "连续至"},
    "tui.hq.col.missing": {"en": "Gaps", "zh": "缺失"},
    "tui.hq.col.last": {"en": "Last", "zh": "最近"},
    "tui.hq.col.days": {"en": "Days", "zh": "天数"},
    "tui.hq.col.incidents": {"en": "Inc.", "zh": "事件"},
    "tui.hq.col.received": {"en": "Received", "zh": "接收时间"},
    "tui.hq.col.seqs": {"en": "Entries", "zh": "记录序号"},
    "tui.hq.col.new": {"en": "New", "zh": "新增"},
    "tui.hq.col.file": {"en": "File", "zh": "文件"},
    "tui.hq.detail.card": {"en": "Card fingerprint: {fp}", "zh": "名片指纹：{fp}"},
    "tui.hq.detail.held": {
        "en": "{entries} entries held, without a gap through {through} ({at})",
        "zh": "已存 {entries} 条，连续至第 {through} 条（{at}）",
    },
    "tui.hq.detail.gaps": {"en": "Missing: {ranges}", "zh": "缺失：{ranges}"},
    "tui.hq.detail.packets": {"en": "Packets", "zh": "数据包"},
    "tui.hq.detail.incidents": {"en": "Incidents", "zh": "事件"},
    # import
    "tui.hq.import.title": {"en": "Import packets", "zh": "导入数据包"},
    "tui.hq.import.intro": {
        "en": "The folder or stick holding the packets (→ completes), then Enter. Acks go back "
        "into its acks/ folder.",
        "zh": "输入存放数据包的文件夹或U盘路径（→ 补全），按回车。回执写回其中的 acks/ 文件夹。",
    },
    "tui.hq.import.running": {
        "en": "Importing {count} packets…",
        "zh": "正在导入 {count} 个数据包…",
    },
    "tui.hq.import.summary": {
        "en": "{total} packets: {new} new ({entries} entries), {held} already held, "
        "{refused} refused; {acks} acks written",
        "zh": "共 {total} 个数据包：新 {new} 个（{entries} 条记录），已有 {held} 个，"
        "拒收 {refused} 个；写回执 {acks} 份",
    },
    # enrollment
    "tui.hq.key.enroll_now": {"en": "Enroll", "zh": "登记"},
    "tui.hq.enroll.title": {"en": "Enroll a station", "zh": "登记警务站"},
    "tui.hq.enroll.intro": {
        "en": "The station's card (station.card.json; → completes), then Enter.",
        "zh": "输入警务站名片路径（station.card.json；→ 补全），按回车。",
    },
    "tui.hq.enroll.card": {"en": "{name} ({station}), {tz}", "zh": "{name}（{station}），{tz}"},
    "tui.hq.enroll.check": {
        "en": "Read this fingerprint with the station on the phone; Ctrl+S enrolls it.",
        "zh": "请与警务站电话核对此指纹；Ctrl+S 登记。",
    },
    "tui.hq.enroll.replacing": {
        "en": "This station is enrolled with another key ({held}). Who replaces it, and why?",
        "zh": "该警务站已用另一密钥登记（{held}）。请填写操作人和原因。",
    },
    "tui.hq.enroll.again": {
        "en": "Replace key {held} with {new}? Ctrl+S again to replace.",
        "zh": "确定用 {new} 替换密钥 {held}？再按 Ctrl+S 替换。",
    },
    "tui.hq.enroll.who": {"en": "Who", "zh": "操作人"},
    "tui.hq.enroll.why": {"en": "Why", "zh": "原因"},
    # incidents
    "tui.hq.key.incidents": {"en": "Incidents", "zh": "事件"},
    "tui.hq.key.handle": {"en": "Mark handled", "zh": "标记已处理"},
    "tui.hq.incidents.title": {"en": "Incidents", "zh": "事件"},
    "tui.hq.incidents.none": {"en": "No incident recorded.", "zh": "没有记录任何事件。"},
    "tui.hq.incidents.open": {"en": "OPEN", "zh": "待处理"},
    "tui.hq.incidents.handled": {"en": "handled", "zh": "已处理"},
    "tui.hq.incidents.kind.fork": {"en": "fork", "zh": "分叉"},
    "tui.hq.incidents.kind.duplicate_id": {"en": "duplicate id", "zh": "编号重复"},
    "tui.hq.col.kind": {"en": "Kind", "zh": "类型"},
    "tui.hq.col.seq": {"en": "Entry", "zh": "记录"},
    "tui.hq.col.at": {"en": "When", "zh": "时间"},
    "tui.hq.col.state": {"en": "State", "zh": "状态"},
    "tui.hq.incidents.station": {
        "en": "Station: {name} ({station})",
        "zh": "警务站：{name}（{station}）",
    },
    "tui.hq.incidents.held": {"en": "HQ holds:  {hash}", "zh": "大队已存：{hash}"},
    "tui.hq.incidents.other": {"en": "Packet:    {hash}", "zh": "数据包：  {hash}"},
    "tui.hq.incidents.file": {"en": "File: {file}", "zh": "文件：{file}"},
    "tui.hq.incidents.note": {"en": "Handled {at}: {note}", "zh": "已于 {at} 处理：{note}"},
    "tui.hq.incidents.handle_title": {
        "en": "Mark handled ({name}): how was it handled?",
        "zh": "标记已处理（{name}）：如何处理的？",
    },
    "tui.hq.incidents.procedure.fork": {
        "en": 'What to do (docs/operations.md, "A fork"): delete nothing; phone the station: was '
        "the laptop restored, replaced or copied, and since when? The station keeps its folder as "
        "evidence, sets up afresh (a new log and key: enroll its new card here, E) and types in "
        "the entries made since the restore.",
        "zh": "处理步骤（见 docs/operations.md「分叉」）：不要删除任何数据；致电警务站，询问电脑是否"
        "被恢复、更换或复制，从何时起；警务站保留原文件夹作为证据，重新建立（新台账和新密钥：在此按 E "
        "登记其新名片），并补录恢复后的记录。",
    },
    "tui.hq.incidents.procedure.duplicate_id": {
        "en": "What to do (docs/operations.md): delete nothing; phone the station: two entries "
        "carry the same id, most often a copied data folder. Follow the fork procedure.",
        "zh": "处理步骤（见 docs/operations.md）：不要删除任何数据；致电警务站：两条记录编号相同，"
        "多为数据文件夹被复制。按分叉的步骤处理。",
    },
    # summaries
    "tui.hq.key.summaries": {"en": "Summary", "zh": "月报"},
    "tui.hq.key.previous": {"en": "Month before", "zh": "上月"},
    "tui.hq.key.next": {"en": "Month after", "zh": "下月"},
    "tui.hq.key.export": {"en": "Export", "zh": "导出"},
    "tui.hq.summary.title": {"en": "Brigade summary — {month}", "zh": "大队月度汇总 — {month}"},
    "tui.hq.summary.where": {
        "en": "The folder to write it to (→ completes), then Enter: txt, md, csv, html, json and xlsx.",
        "zh": "输入导出文件夹（→ 补全），按回车：写出 txt、md、csv、html、json 和 xlsx。",
    },
    "tui.hq.summary.written": {
        "en": "{count} files written to {path}",
        "zh": "已写入 {count} 个文件到 {path}",
    },
    # inbox
    "tui.hq.key.inbox": {"en": "Inbox", "zh": "网络收件"},
    "tui.hq.inbox.title": {"en": "Inbox (outpost hq serve)", "zh": "网络收件（outpost hq serve）"},
    "tui.hq.inbox.running": {
        "en": "The inbox server runs at {url} (process {pid}); its uploads appear here.",
        "zh": "收件服务器正在 {url} 运行（进程 {pid}），上传记录显示在下面。",
    },
    "tui.hq.inbox.stopped": {
        "en": "The inbox server is not running. Start it: outpost hq serve --data-dir {folder}",
        "zh": "收件服务器未运行。启动：outpost hq serve --data-dir {folder}",
    },
    "tui.hq.inbox.stale": {
        "en": "Its last run (process {pid}) ended without stopping cleanly.",
        "zh": "上次运行（进程 {pid}）未正常停止。",
    },
    "tui.hq.inbox.empty": {"en": "nothing received yet", "zh": "尚未收到任何上传"},
    "tui.hq.inbox.ok.new": {"en": "new entries", "zh": "新记录"},
    "tui.hq.inbox.ok.held": {"en": "already held", "zh": "已有"},
    "tui.hq.inbox.ok.head": {"en": "head only", "zh": "仅链头"},
    "tui.hq.inbox.ok.partial": {"en": "part received", "zh": "部分收到"},
    "tui.hq.inbox.ok.ack": {"en": "ack fetched", "zh": "取回回执"},
    "tui.hq.inbox.refused": {"en": "refused: {code}", "zh": "拒收：{code}"},
    "tui.hq.inbox.bytes": {"en": "{count} bytes", "zh": "{count} 字节"},
    "tui.hq.col.result": {"en": "Result", "zh": "结果"},
    "tui.hq.col.reason": {"en": "Reason", "zh": "原因"},
    "tui.hq.col.skew": {"en": "Clock", "zh": "时差"},
    "tui.hq.col.acks": {"en": "Acks", "zh": "回执"},
    "tui.hq.col.via": {"en": "How", "zh": "方式"},
    "tui.hq.via.stick": {"en": "stick", "zh": "U盘"},
    "tui.hq.via.net": {"en": "net", "zh": "网络"},
    "tui.hq.detail.gap_known": {
        "en": "  {seqs}: seen in {packets} (not taken)",
        "zh": "  {seqs}：见于 {packets}（未接收）",
    },
    "tui.hq.detail.contact": {
        "en": "Last packet: {last} · clock {skew} · acks not yet delivered: {acks}",
        "zh": "最近数据包：{last} · 时差 {skew} · 未送达回执：{acks}",
    },
    # the inbox server's refusal codes (docs/sync-protocol.md, "Errors")
    "tui.hq.inbox.code.not_found": {"en": "no such endpoint", "zh": "没有这个地址"},
    "tui.hq.inbox.code.method": {"en": "method not allowed here", "zh": "此地址不接受这种请求"},
    "tui.hq.inbox.code.unsigned": {"en": "the request is not signed", "zh": "请求未签名"},
    "tui.hq.inbox.code.unknown_station": {
        "en": "this station is not enrolled at this HQ",
        "zh": "该站点未在本大队登记",
    },
    "tui.hq.inbox.code.clock": {
        "en": "the station's clock is too far from HQ's",
        "zh": "站点时钟与大队相差太多",
    },
    "tui.hq.inbox.code.bad_signature": {
        "en": "the signature does not verify with the station's enrolled key",
        "zh": "签名与站点登记的密钥不符",
    },
    "tui.hq.inbox.code.replayed": {
        "en": "this request was seen before (a replay)",
        "zh": "重复的请求（重放）",
    },
    "tui.hq.inbox.code.too_many": {
        "en": "too many requests: slowed down",
        "zh": "请求过多，已限速",
    },
    "tui.hq.inbox.code.bad_digest": {"en": "a malformed packet digest", "zh": "数据包摘要格式错误"},
    "tui.hq.inbox.code.bad_offset": {
        "en": "offset and length do not fit the packet",
        "zh": "偏移与长度不符",
    },
    "tui.hq.inbox.code.length_required": {"en": "no Content-Length", "zh": "缺少 Content-Length"},
    "tui.hq.inbox.code.too_large": {"en": "larger than the packet cap", "zh": "超过数据包上限"},
    "tui.hq.inbox.code.offset_mismatch": {
        "en": "HQ holds another number of bytes of this packet",
        "zh": "大队已收字节数不同",
    },
    "tui.hq.inbox.code.body_mismatch": {
        "en": "the body does not match its signed digest",
        "zh": "内容与签名摘要不符",
    },
    "tui.hq.inbox.code.digest_mismatch": {
        "en": "the bytes are not the packet of this digest",
        "zh": "收到的内容不是该摘要的数据包",
    },
    "tui.hq.inbox.code.slow": {
        "en": "the upload stalled (kept to resume)",
        "zh": "上传停顿（已收部分保留以便续传）",
    },
    "tui.hq.inbox.code.other_station": {
        "en": "this packet is another station's",
        "zh": "这是其他站点的数据包",
    },
    "tui.hq.inbox.code.packet_refused": {"en": "HQ refused the packet", "zh": "大队拒收该数据包"},
    "tui.hq.inbox.code.fork": {
        "en": "a fork: HQ holds other entries at these seqs (incident recorded)",
        "zh": "分叉：大队在这些序号上已有不同记录（已记录事件）",
    },
    "tui.hq.inbox.code.nothing_from": {
        "en": "HQ holds nothing of this station yet",
        "zh": "大队尚未收到该站点的任何数据",
    },
    "tui.hq.inbox.code.storage": {
        "en": "HQ's disk refused: the station tries again later",
        "zh": "大队磁盘写入失败，站点稍后重试",
    },
    "tui.hq.inbox.code.dropped": {
        "en": "more refusals than HQ keeps a row for",
        "zh": "拒收过多，未逐条记录",
    },
}
