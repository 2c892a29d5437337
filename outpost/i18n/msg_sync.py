"""Messages of sync at the station: cards, keys, packets, acks, export and status."""

MESSAGES: dict[str, dict[str, str]] = {
    # cards and keys
    "card.unreadable": {
        "en": "cannot read the card {path}: {reason}",
        "zh": "无法读取名片 {path}：{reason}",
    },
    "card.bad": {
        "en": "{path} is not a valid outpost card: {reason}",
        "zh": "{path} 不是有效的名片：{reason}",
    },
    "card.unsupported": {
        "en": "{path}: unsupported card format v{version}",
        "zh": "{path}：不支持的名片格式 v{version}",
    },
    "card.wrong_kind": {
        "en": "{path} is a card of kind {found}, expected {expected}",
        "zh": "{path} 的名片类型是 {found}，应为 {expected}",
    },
    "card.fingerprint": {
        "en": "{path}: the fingerprint does not match the keys (damaged or altered card)",
        "zh": "{path}：指纹与密钥不符（名片损坏或被改动）",
    },
    "sync.key_unreadable": {
        "en": "cannot read the key {path}: {reason}",
        "zh": "无法读取密钥 {path}：{reason}",
    },
    "sync.card_written": {
        "en": "station card: {path} (fingerprint {fp}); give it to HQ and read the fingerprint to them",
        "zh": "本站名片：{path}（指纹 {fp}）；交给大队并电话核对指纹",
    },
    "sync.hq_card_set": {
        "en": "HQ card taken: {hq} {name} (fingerprint {fp}); check it with HQ on the phone",
        "zh": "已接收大队名片：{hq} {name}（指纹 {fp}）；请电话向大队核对",
    },
    "sync.hq_changed": {
        "en": "this is another HQ than before: the whole log will be sent to it",
        "zh": "这是另一个大队：将向其发送全部记录",
    },
    "sync.no_hq_card": {
        "en": "no HQ card yet: run outpost hq-card FILE with the card HQ gave you",
        "zh": "还没有大队名片：请运行 outpost hq-card 文件（大队给的名片）",
    },
    # packets
    "packet.too_big": {
        "en": "packet is too big ({size} bytes, the limit is {limit})",
        "zh": "数据包过大（{size} 字节，上限 {limit}）",
    },
    "packet.unsupported": {"en": "unsupported format v{version}", "zh": "不支持的格式 v{version}"},
    "packet.truncated": {
        "en": "packet is cut short (truncated file)",
        "zh": "数据包不完整（文件被截断）",
    },
    "packet.not_packet": {
        "en": "not an outpost packet (wrong magic bytes)",
        "zh": "不是 outpost 数据包（文件头不对）",
    },
    "packet.header_too_big": {
        "en": "packet header is too big ({size} bytes, the limit is {limit})",
        "zh": "数据包头过大（{size} 字节，上限 {limit}）",
    },
    "packet.trailing": {
        "en": "packet has {extra} unexpected bytes at its end",
        "zh": "数据包末尾多出 {extra} 字节",
    },
    "packet.bad_header": {
        "en": "packet header is invalid: {reason}",
        "zh": "数据包头无效：{reason}",
    },
    "packet.bad_signature": {
        "en": "the station's signature does not match: the packet was altered or forged",
        "zh": "警务站签名不符：数据包被改动或伪造",
    },
    "packet.undecryptable": {
        "en": "the packet cannot be decrypted with this HQ's key (altered, or sealed for another HQ)",
        "zh": "无法用本大队密钥解密（被改动，或是发给其他大队的）",
    },
    "packet.bad_body": {"en": "packet body is invalid: {reason}", "zh": "数据包内容无效：{reason}"},
    "packet.bomb": {
        "en": "packet body expands beyond its announced size ({limit} bytes): refused",
        "zh": "数据包解压后超出声明大小（{limit} 字节）：已拒收",
    },
    "packet.bad_manifest": {
        "en": "the sealed manifest disagrees with the packet header",
        "zh": "加密清单与数据包头不一致",
    },
    "packet.bad_entry": {
        "en": "entry {seq} in the packet is invalid: {reason}",
        "zh": "数据包中第 {seq} 条记录无效：{reason}",
    },
    "packet.other_station": {
        "en": "entry {seq} in the packet belongs to another station ({other})",
        "zh": "数据包中第 {seq} 条记录属于其他警务站（{other}）",
    },
    "packet.seq_gap": {
        "en": "entries in the packet are not consecutive (expected {expected}, found {found})",
        "zh": "数据包中记录序号不连续（应为 {expected}，实为 {found}）",
    },
    "packet.broken_chain": {
        "en": "the hash chain is broken at entry {seq}",
        "zh": "第 {seq} 条记录处哈希链断裂",
    },
    # acks
    "ack.too_big": {
        "en": "ack is too big ({size} bytes, the limit is {limit})",
        "zh": "回执过大（{size} 字节，上限 {limit}）",
    },
    "ack.unsupported": {
        "en": "unsupported ack format v{version}",
        "zh": "不支持的回执格式 v{version}",
    },
    "ack.not_ack": {
        "en": "not an outpost ack (wrong magic bytes)",
        "zh": "不是 outpost 回执（文件头不对）",
    },
    "ack.truncated": {"en": "ack is cut short (truncated file)", "zh": "回执不完整（文件被截断）"},
    "ack.bad": {"en": "ack is invalid: {reason}", "zh": "回执无效：{reason}"},
    "ack.bad_signature": {
        "en": "the ack is not signed by HQ {hq}: altered, or from another HQ",
        "zh": "回执不是大队 {hq} 签发的：被改动或来自其他大队",
    },
    "ack.other_hq": {
        "en": "the ack comes from HQ {hq}, this station reports to {expected}",
        "zh": "回执来自大队 {hq}，本站上报的是 {expected}",
    },
    "ack.other_hq_key": {
        "en": "the ack names HQ signing key {fp}, the HQ card's key is {expected}",
        "zh": "回执标明的大队签名密钥为 {fp}，大队名片上的密钥为 {expected}",
    },
    "ack.other_log": {
        "en": "the ack is for station {station}, log {log}…; this log is {own}…",
        "zh": "回执针对警务站 {station} 的日志 {log}…；本站日志为 {own}…",
    },
    "ack.stale": {
        "en": "ack no. {counter} is not newer than the last one applied (no. {last}): nothing changed",
        "zh": "第 {counter} 号回执不比已处理的第 {last} 号新：未作改动",
    },
    "ack.beyond_log": {
        "en": "ALARM: HQ says it holds entry {seq}, but this log ends at {last}; nothing changed, call HQ",
        "zh": "警报：大队称持有第 {seq} 条记录，但本站日志只到第 {last} 条；未作改动，请联系大队",
    },
    "ack.hash_mismatch": {
        "en": "ALARM: HQ holds a different entry {seq} than this laptop (a fork); nothing changed, call HQ",
        "zh": "警报：大队持有的第 {seq} 条记录与本机不同（日志分叉）；未作改动，请联系大队",
    },
    "sync.no_acks": {"en": "no ack files found", "zh": "没有找到回执文件"},
    "sync.unreadable": {"en": "cannot read {path}: {reason}", "zh": "无法读取 {path}：{reason}"},
    "sync.ack_applied": {
        "en": "{file}: ack no. {counter} applied, HQ holds everything up to entry {through}",
        "zh": "{file}：已处理第 {counter} 号回执，大队已收齐至第 {through} 条",
    },
    "sync.ack_seen": {
        "en": "{file}: applied before (or older than the last ack), skipped",
        "zh": "{file}：此前已处理（或早于最近回执），跳过",
    },
    "sync.ack_gaps": {"en": "HQ is missing: {gaps}", "zh": "大队缺少：{gaps}"},
    "sync.ack_resend": {
        "en": "the next export sends {entries} entries again",
        "zh": "下次导出将重发 {entries} 条记录",
    },
    # export
    "sync.nothing_to_export": {
        "en": "nothing to export: HQ has been sent every entry",
        "zh": "没有需要导出的记录：全部记录都已发出",
    },
    "sync.sealed": {"en": "packet: {path}", "zh": "数据包：{path}"},
    "sync.exported": {
        "en": "{entries} entries sealed into {packets} packet(s)",
        "zh": "已封装 {entries} 条记录，共 {packets} 个数据包",
    },
    "sync.resent": {
        "en": "of which {entries} sent again because HQ lacks them",
        "zh": "其中 {entries} 条因大队缺失而重发",
    },
    "sync.copied": {
        "en": "{count} packet(s) copied to {folder} and checked",
        "zh": "已复制 {count} 个数据包到 {folder} 并核对无误",
    },
    "sync.copy_mismatch": {
        "en": "the copy {path} differs from the packet: the stick may be failing",
        "zh": "副本 {path} 与原数据包不一致：U 盘可能有故障",
    },
    "sync.entry_too_big": {
        "en": "entry {seq} is too big to fit in a packet",
        "zh": "第 {seq} 条记录太大，无法装入数据包",
    },
    # status
    "sync.status_hq": {"en": "HQ", "zh": "上报大队"},
    "sync.status_no_hq": {
        "en": "none yet (outpost hq-card FILE)",
        "zh": "尚未设置（outpost hq-card 文件）",
    },
    "sync.status_unexported": {"en": "not yet exported", "zh": "尚未导出"},
    "sync.status_unacknowledged": {"en": "exported, not yet acknowledged", "zh": "已导出、未确认"},
    "sync.status_acknowledged": {"en": "acknowledged through entry", "zh": "已确认至第几条"},
    "sync.status_last_ack": {"en": "last ack", "zh": "最近回执"},
    "sync.status_gaps": {"en": "HQ is missing", "zh": "大队缺少"},
    "sync.status_alarm": {
        "en": "ALARM: HQ's ack no. {counter} disagrees with this log at entry {seq} "
        "(seen {at}); call HQ before exporting again (docs/operations.md, forks)",
        "zh": "警报：大队第 {counter} 号回执与本站日志在第 {seq} 条不一致（{at} 发现）；"
        "请先联系大队再上报（见 docs/operations.md 分叉一节）",
    },
    "sync.status_card": {"en": "station card", "zh": "本站名片"},
    "sync.status_no_card": {
        "en": "not written yet (it is written at the next export)",
        "zh": "尚未生成（下次导出时生成）",
    },
    "sync.status_card_at": {
        "en": "station card: {path} (fingerprint {fp})",
        "zh": "本站名片：{path}（指纹 {fp}）",
    },
}
