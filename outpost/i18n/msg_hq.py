"""Messages of HQ: setting up, enrolling stations, importing packets, acks and the station list."""

MESSAGES: dict[str, dict[str, str]] = {
    "hq.bad_id": {
        "en": "--id: {value} is not a valid HQ id (lowercase letters, digits and -)",
        "zh": "--id：{value} 不是有效的大队编号（小写字母、数字和 -）",
    },
    "hq.empty_passphrase": {"en": "the passphrase must not be empty", "zh": "口令不能为空"},
    "hq.passphrase_prompt": {"en": "HQ key passphrase", "zh": "大队密钥口令"},
    "hq.passphrase_repeat": {"en": "Repeat the passphrase", "zh": "再次输入口令"},
    "hq.passphrase_unreadable": {
        "en": "cannot read the passphrase file {path}: {reason}",
        "zh": "无法读取口令文件 {path}：{reason}",
    },
    "hq.bad_passphrase": {
        "en": "wrong passphrase for HQ's keys, or the key file was altered ({path})",
        "zh": "大队密钥口令错误，或密钥文件已被改动（{path}）",
    },
    "hq.passphrase_short": {
        "en": "the passphrase has {count} characters; HQ's needs at least {least} "
        "(a few unrelated words, in any language)",
        "zh": "口令只有 {count} 个字符；大队口令至少需要 {least} 个字符（可用几个互不相关的词，中文亦可）",
    },
    "hq.passphrase_common": {
        "en": "this passphrase is too common or a simple pattern (attackers try such first); "
        "choose another",
        "zh": "此口令过于常见或规律过于简单（攻击者会最先尝试）；请另选一个",
    },
    "hq.passphrase_weak": {
        "en": "warning: this passphrase is weak (one kind of character or few different ones); "
        "a longer one of unrelated words is safer",
        "zh": "警告：此口令较弱（字符种类单一或重复字符多）；用几个互不相关的词组成更长的口令更安全",
    },
    "hq.passphrase_not_text": {
        "en": "the passphrase is not valid UTF-8 text",
        "zh": "口令不是有效的 UTF-8 文本",
    },
    "hq.passphrase_mismatch": {
        "en": "the two passphrases differ; nothing was set up",
        "zh": "两次输入的口令不一致；未作任何设置",
    },
    "hq.locked_keys": {"en": "HQ's keys are not unlocked", "zh": "大队密钥尚未解锁"},
    "hq.already_initialised": {"en": "{path} already holds an HQ", "zh": "{path} 中已有大队数据"},
    "hq.not_initialised": {
        "en": "no HQ in {path}: run outpost hq init --id ID --name NAME",
        "zh": "{path} 中没有大队数据：请运行 outpost hq init --id 编号 --name 名称",
    },
    "hq.initialised": {
        "en": "HQ {hq} ({name}) set up in {path}",
        "zh": "已在 {path} 建立大队 {hq}（{name}）",
    },
    "hq.card_written": {
        "en": "HQ card: {path} (fingerprint {fp}); give it to each station and read the fingerprint to them",
        "zh": "大队名片：{path}（指纹 {fp}）；交给各警务站并电话核对指纹",
    },
    "hq.enrolled_new": {
        "en": "station {station} ({name}) enrolled, fingerprint {fp}: check it with the station on the phone",
        "zh": "已登记警务站 {station}（{name}），指纹 {fp}：请电话与警务站核对",
    },
    "hq.enrolled_same": {
        "en": "station {station} ({name}) is already enrolled with this key; nothing changed",
        "zh": "警务站 {station}（{name}）已用此密钥登记；未作改动",
    },
    "hq.enrolled_replaced": {
        "en": "station {station} ({name}) enrolled with a new key, fingerprint {fp}",
        "zh": "警务站 {station}（{name}）已换用新密钥登记，指纹 {fp}",
    },
    "hq.other_key": {
        "en": "station {station} is enrolled with another key ({held}, this card has {new}); use --replace after checking with the station",
        "zh": "警务站 {station} 已用另一密钥登记（{held}，此名片为 {new}）；与警务站核实后用 --replace",
    },
    "hq.unknown_station": {
        "en": "station {station} is not enrolled here",
        "zh": "警务站 {station} 未在本大队登记",
    },
    "hq.wrong_station_key": {
        "en": "packet signed with key {fp}, not the key station {station} enrolled with",
        "zh": "数据包用密钥 {fp} 签名，不是警务站 {station} 登记的密钥",
    },
    "hq.not_for_us": {
        "en": "packet is sealed for HQ {hq}, not for this HQ ({own})",
        "zh": "数据包是发给大队 {hq} 的，不是本大队（{own}）",
    },
    "hq.wrong_hq_key": {
        "en": "packet is sealed for HQ key {fp}, this HQ's key is {own}: sealed with an old or another HQ card",
        "zh": "数据包是用大队密钥 {fp} 加密的，本大队的密钥为 {own}：用了旧的或其他大队的名片",
    },
    "hq.fork": {
        "en": "FORK: station {station} sent a different entry {seq} than the one held; refused and recorded as an incident (see docs/operations.md)",
        "zh": "日志分叉：警务站 {station} 发来的第 {seq} 条记录与已存的不同；已拒收并记为事件（见 docs/operations.md）",
    },
    "hq.duplicate_id": {
        "en": "station {station} sent an entry id HQ holds at another seq; refused and recorded as an incident",
        "zh": "警务站 {station} 发来的记录编号已存在于其他序号；已拒收并记为事件",
    },
    "hq.nothing_from": {
        "en": "nothing received from station {station} yet",
        "zh": "尚未收到警务站 {station} 的任何数据",
    },
    "hq.unreadable": {"en": "cannot read {path}: {reason}", "zh": "无法读取 {path}：{reason}"},
    "hq.no_packets": {"en": "no packet files found", "zh": "没有找到数据包文件"},
    "hq.importing": {"en": "importing", "zh": "正在导入"},
    "hq.line_new": {
        "en": "{file}: {station}: new, {count} entries ({first}–{last})",
        "zh": "{file}：{station}：新收 {count} 条记录（{first}–{last}）",
    },
    "hq.line_head": {
        "en": "{file}: {station}: the station's head (its log ends at seq {seq}), no entries",
        "zh": "{file}：{station}：该站日志状态（记录至第 {seq} 条），不含记录",
    },
    "hq.line_held": {
        "en": "{file}: {station}: already held, nothing changed",
        "zh": "{file}：{station}：已收过，未作改动",
    },
    "hq.line_refused": {"en": "{file}: refused: {reason}", "zh": "{file}：拒收：{reason}"},
    "hq.ack_written": {"en": "ack: {path}", "zh": "回执：{path}"},
    # which program's data folder was given (outpost.store.role)
    "store.station_folder": {
        "en": "{path} is a station's data folder, not HQ's; give HQ's folder with --data-dir",
        "zh": "{path} 是警务站的数据目录，不是大队（HQ）的；请用 --data-dir 指定大队的数据目录",
    },
    "store.hq_folder": {
        "en": "{path} is HQ's data folder, not a station's; give the station's folder with"
        " --data-dir",
        "zh": "{path} 是大队（HQ）的数据目录，不是警务站的；请用 --data-dir 指定警务站的数据目录",
    },
    "hq.line_failed": {"en": "{file}: {reason}", "zh": "{file}：{reason}"},
    "hq.not_imported": {
        "en": "not imported: {reason}; nothing of this packet was written, import it again"
        " once there is room",
        "zh": "未导入：{reason}；此数据包未写入任何内容，腾出空间后请重新导入",
    },
    "hq.import_partial": {
        "en": "{imported} of {total} packets imported ({entries} new entries); {failed} not"
        " imported",
        "zh": "共 {total} 个数据包，已导入 {imported} 个（新收 {entries} 条记录）；{failed} 个未导入",
    },
    "hq.acks_not_written": {
        "en": "acks not written: {reason}; the packets above stay imported, write the acks with"
        " outpost hq ack once there is room",
        "zh": "回执未写出：{reason}；上面的数据包已导入，腾出空间后请用 outpost hq ack 写出回执",
    },
    "hq.no_stations": {
        "en": "no station enrolled yet (outpost hq enroll STATION_CARD)",
        "zh": "尚未登记警务站（outpost hq enroll 名片文件）",
    },
    "hq.row_entries": {
        "en": "{entries} entries held, complete through entry {through}",
        "zh": "已收 {entries} 条记录，连续完整至第 {through} 条",
    },
    "hq.row_missing": {"en": "missing: {ranges}", "zh": "缺少：{ranges}"},
    "hq.row_last": {
        "en": "last packet received {at} (station clock {skew} s against receipt)",
        "zh": "最近数据包收到于 {at}（警务站时钟相对接收时间 {skew} 秒）",
    },
    "hq.row_incident_fork": {
        "en": "INCIDENT {at}: fork at entry {seq} (held {held}…, packet {other}…)",
        "zh": "事件 {at}：第 {seq} 条记录分叉（已存 {held}…，数据包 {other}…）",
    },
    "hq.row_incident_duplicate_id": {
        "en": "INCIDENT {at}: duplicate entry id (entry {seq})",
        "zh": "事件 {at}：记录编号重复（第 {seq} 条）",
    },
    "hq.replace_needs_who_why": {
        "en": "replacing a station's key needs who replaces it and why",
        "zh": "更换警务站密钥须填写操作人和原因",
    },
    "hq.no_incident": {"en": "no incident {incident} here", "zh": "没有编号为 {incident} 的事件"},
    "hq.handled_needs_note": {
        "en": "marking an incident handled needs a note saying how",
        "zh": "标记事件已处理须填写处理说明",
    },
}
