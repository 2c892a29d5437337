"""Messages of the entry model, the station logbook and the command line."""

MESSAGES: dict[str, dict[str, str]] = {
    # schema refusals: {field} is the field's label (outpost.i18n.field_label)
    "schema.required": {"en": "{field}: required", "zh": "{field}：必填"},
    "schema.extra": {"en": "{field}: unknown field", "zh": "{field}：不认识的字段"},
    "schema.type": {
        "en": "{field}: must be {expected} (got {value})",
        "zh": "{field}：应为{expected}（实际为 {value}）",
    },
    "schema.minimum": {
        "en": "{field}: must be at least {limit} (got {value})",
        "zh": "{field}：不能小于 {limit}（实际为 {value}）",
    },
    "schema.exclusiveMinimum": {
        "en": "{field}: must be more than {limit} (got {value})",
        "zh": "{field}：必须大于 {limit}（实际为 {value}）",
    },
    "schema.maximum": {
        "en": "{field}: must be at most {limit} (got {value})",
        "zh": "{field}：不能大于 {limit}（实际为 {value}）",
    },
    "schema.exclusiveMaximum": {
        "en": "{field}: must be less than {limit} (got {value})",
        "zh": "{field}：必须小于 {limit}（实际为 {value}）",
    },
    "schema.minLength": {
        "en": "{field}: must not be empty (at least {limit} characters)",
        "zh": "{field}：不能为空（至少 {limit} 个字符）",
    },
    "schema.maxLength": {
        "en": "{field}: too long (at most {limit} characters)",
        "zh": "{field}：太长（最多 {limit} 个字符）",
    },
    "schema.minItems": {
        "en": "{field}: needs at least {limit} item(s)",
        "zh": "{field}：至少需要 {limit} 项",
    },
    "schema.maxItems": {"en": "{field}: at most {limit} items", "zh": "{field}：最多 {limit} 项"},
    "schema.enum": {
        "en": "{field}: {value} is not one of: {allowed}",
        "zh": "{field}：{value} 不是可选值之一：{allowed}",
    },
    "schema.const": {
        "en": "{field}: must be {expected} (got {value})",
        "zh": "{field}：应为 {expected}（实际为 {value}）",
    },
    "schema.format": {
        "en": "{field}: {value} is not a valid {format}",
        "zh": "{field}：{value} 不是有效的{format}",
    },
    "schema.pattern": {
        "en": "{field}: {value} is not in the expected form",
        "zh": "{field}：{value} 格式不正确",
    },
    "schema.other": {
        "en": "{field}: breaks rule {rule} (got {value})",
        "zh": "{field}：不符合规则 {rule}（实际为 {value}）",
    },
    # entry rules
    "entry.unknown_kind": {
        "en": "kind of entry: unknown kind {kind} (known: {known})",
        "zh": "记录类型：没有 {kind} 这种记录（可用：{known}）",
    },
    "entry.data_not_object": {
        "en": 'data: must be a JSON object like {{"litres": 800}}',
        "zh": 'data：必须是 JSON 对象，例如 {{"litres": 800}}',
    },
    "entry.not_object": {"en": "entry: must be a JSON object", "zh": "记录必须是 JSON 对象"},
    "entry.number_too_fine": {
        "en": "{field}: {value} is too small a fraction (at least 0.0001, or 0)",
        "zh": "{field}：{value} 过小（小数至少 0.0001，或填 0）",
    },
    "entry.bad_time": {
        "en": "{field}: {value} is not a time (write 2026-12-02 06:00, 12-02 06:00 for this year,"
        " 06:00 for today, or 2026-12-02T06:00+08:00)",
        "zh": "{field}：{value} 不是有效时间（可写 2026-12-02 06:00、12-02 06:00（今年）、"
        "06:00（今天）或 2026-12-02T06:00+08:00）",
    },
    "entry.bad_date": {
        "en": "{field}: {value} is not a date (write 2027-06-30, or 2027-06 for the month's last day)",
        "zh": "{field}：{value} 不是有效日期（可写 2027-06-30，或 2027-06 表示当月最后一天）",
    },
    "entry.in_future": {
        "en": "{field}: {value} is more than a day in the future (check the time and the laptop clock)",
        "zh": "{field}：{value} 比现在晚一天以上（请检查时间和电脑时钟）",
    },
    "entry.ended_before_started": {
        "en": "{field}: {ended} is before the start {started}",
        "zh": "{field}：{ended} 早于出发时间 {started}",
    },
    "entry.unknown_household": {
        "en": "{field}: household {household} is not registered "
        '(register it first: outpost add household --data \'{{"household_id": "{household}", '
        '"head": "..."}}\')',
        "zh": "{field}：牧户 {household} 尚未登记"
        '（请先登记：outpost add household --data \'{{"household_id": "{household}", '
        '"head": "..."}}\'）',
    },
    "entry.unknown_target": {
        "en": "{field}: no entry with id {target} in this log",
        "zh": "{field}：本日志中没有编号为 {target} 的记录",
    },
    "entry.amendment_of_correction": {
        "en": "{field}: {target} is a {kind}; amend the original entry instead",
        "zh": "{field}：{target} 是一条{kind}记录，请更正原始记录",
    },
    "entry.void_of_correction": {
        "en": "{field}: {target} is a {kind} and cannot be voided; void or amend the original entry",
        "zh": "{field}：{target} 是一条{kind}记录，不能作废；请作废或更正原始记录",
    },
    "entry.already_voided": {
        "en": "{field}: entry {target} is already voided",
        "zh": "{field}：记录 {target} 已经作废",
    },
    "entry.household_id_changed": {
        "en": "{field}: an amendment cannot change a household's id; "
        "register a new household instead",
        "zh": "{field}：更正不能修改牧户编号，请另行登记新牧户",
    },
    "entry.chain_broken": {
        "en": "seq: entry {seq} does not follow the log (expected {expected})",
        "zh": "seq：记录 {seq} 与日志不衔接（应为 {expected}）",
    },
    "entry.batch_line": {"en": "line {line}: {reason}", "zh": "第 {line} 行：{reason}"},
    "entry.batch_json": {
        "en": "line {line}: not valid JSON ({error})",
        "zh": "第 {line} 行：不是有效的 JSON（{error}）",
    },
    "entry.batch_keys": {
        "en": "line {line}: a batch line holds kind and data, optionally occurred_at and "
        "officers (unknown: {keys})",
        "zh": "第 {line} 行：批量文件每行只能包含 kind、data，可选 occurred_at、officers"
        "（多余：{keys}）",
    },
    "entry.batch_empty": {"en": "the batch file holds no entries", "zh": "批量文件中没有记录"},
    "entry.bad_json": {
        "en": "{field}: not valid JSON ({error})",
        "zh": "{field}：不是有效的 JSON（{error}）",
    },
    "entry.officers": {
        "en": "{field}: name at least one officer (outpost init --officer NAME, or --officer)",
        "zh": "{field}：至少需要一名民警（outpost init --officer 姓名，或使用 --officer）",
    },
    "stock.deficit": {
        "en": "warning: stock of {medicine} is now {balance} {unit}; record the stock received "
        "(outpost add medicine_stock)",
        "zh": "注意：{medicine} 库存现为 {balance} {unit}，请登记药品入库（outpost add medicine_stock）",
    },
    # the data directory and the store
    "store.not_initialised": {
        "en": "no station in {path}: set it up with outpost init --station-id ID --name NAME",
        "zh": "{path} 中没有警务站数据：请先运行 outpost init --station-id 编号 --name 名称",
    },
    "store.already_initialised": {
        "en": "{path} already holds station {station}; nothing changed",
        "zh": "{path} 已有警务站 {station} 的数据，未做任何更改",
    },
    "store.foreign": {
        "en": "{path} is not an outpost station directory ({reason}); choose another --data-dir",
        "zh": "{path} 不是 outpost 警务站数据目录（{reason}），请换一个 --data-dir",
    },
    "store.unreadable": {
        "en": "cannot read {path}: {reason}",
        "zh": "无法读取 {path}：{reason}",
    },
    "store.locked": {
        "en": "{path} is in use by another outpost (process {pid}); close it first",
        "zh": "{path} 正被另一个 outpost 使用（进程 {pid}），请先关闭它",
    },
    "store.write_failed": {
        "en": "could not save to {path}: {reason}; nothing was saved, earlier entries are intact",
        "zh": "无法保存到 {path}：{reason}；本次未保存，之前的记录完好",
    },
    "store.disk_full": {"en": "the disk is full", "zh": "磁盘已满"},
    "store.bad_station_id": {
        "en": "--station-id: {value} must be 2-63 lowercase letters, digits or '-'",
        "zh": "--station-id：{value} 只能由 2-63 个小写字母、数字或 '-' 组成",
    },
    "store.bad_zone": {
        "en": "--timezone: unknown time zone {value} (for example Asia/Shanghai)",
        "zh": "--timezone：未知时区 {value}（例如 Asia/Shanghai）",
    },
    "store.bad_name": {"en": "--name: must not be empty", "zh": "--name：不能为空"},
    # outpost check
    "check.ok": {
        "en": "ok: {entries} entries, chain verified from seq 1 to {last} ({files} monthly files)",
        "zh": "正常：共 {entries} 条记录，从 1 到 {last} 的链条校验通过（{files} 个月份文件）",
    },
    "check.repaired": {
        "en": "the saved summary of the log was out of date and has been rebuilt from the log",
        "zh": "日志摘要已过期，已根据日志重建",
    },
    "check.broken": {
        "en": "the log is damaged at seq {seq} in {file}: {reason}",
        "zh": "日志在 {file} 的第 {seq} 条处损坏：{reason}",
    },
    "check.reason_prev": {"en": "prev does not match the entry before", "zh": "prev 与上一条不符"},
    "check.reason_gap": {"en": "seq {expected} is missing", "zh": "缺少第 {expected} 条"},
    "check.reason_station": {
        "en": "the entry belongs to station {other}",
        "zh": "该记录属于警务站 {other}",
    },
    # command results
    "cli.saved": {
        "en": "saved {kind} #{seq} ({id})",
        "zh": "已保存 {kind} 第 {seq} 条（{id}）",
    },
    "cli.saved_batch": {
        "en": "saved {count} entries, #{first} to #{last}",
        "zh": "已保存 {count} 条记录，第 {first} 至 {last} 条",
    },
    "cli.initialised": {
        "en": "station {station} ({name}) set up in {path}",
        "zh": "警务站 {station}（{name}）已在 {path} 建立",
    },
    "cli.no_entries": {"en": "no entries", "zh": "没有记录"},
    "cli.internal": {
        "en": "internal error ({error}); nothing was changed. Details: {log}",
        "zh": "内部错误（{error}），未做任何更改。详情见：{log}",
    },
    "cli.interrupted": {
        "en": "interrupted; nothing half-saved",
        "zh": "已中断，没有保存一半的数据",
    },
    "cli.voided": {"en": "voided", "zh": "已作废"},
    "cli.amended": {"en": "amended ×{count}", "zh": "已更正 {count} 次"},
    "status.station": {"en": "station", "zh": "警务站"},
    "status.entries": {"en": "entries", "zh": "记录数"},
    "status.households": {"en": "households", "zh": "登记牧户"},
    "status.last_entry": {"en": "last entry", "zh": "最近一条"},
    "status.stock": {"en": "medicine stock", "zh": "药品库存"},
    "status.deficit": {"en": "deficit", "zh": "短缺"},
    "status.data_dir": {"en": "data directory", "zh": "数据目录"},
}

MESSAGES.update(
    {
        "describe.markers": {"en": "{n} markers", "zh": "{n} 个界桩"},
        "describe.target": {"en": "entry {seq} · {reason}", "zh": "第 {seq} 条 · {reason}"},
        "describe.change": {"en": "{field}: {old} → {new}", "zh": "{field}：{old} → {new}"},
        "purpose.safety_publicity": {"en": "safety publicity", "zh": "安全宣传"},
        "purpose.welfare_check": {"en": "welfare check", "zh": "探望问候"},
        "purpose.mediation": {"en": "mediation", "zh": "矛盾调解"},
        "purpose.production_help": {"en": "production help", "zh": "生产帮扶"},
        "purpose.errand": {"en": "errand", "zh": "代办"},
        "purpose.other": {"en": "other", "zh": "其他"},
        "category.errand": {"en": "errand", "zh": "代办"},
        "category.parcel": {"en": "parcel", "zh": "代收代寄"},
        "category.rescue": {"en": "rescue", "zh": "救援"},
        "category.production_help": {"en": "production help", "zh": "生产帮扶"},
        "category.transport": {"en": "transport", "zh": "接送"},
        "category.other": {"en": "other", "zh": "其他"},
    }
)

MESSAGES.update(
    {
        "field.item": {"en": "item {n}", "zh": "第 {n} 项"},
        "schema.types.integer": {"en": "a whole number", "zh": "整数"},
        "schema.types.number": {"en": "a number", "zh": "数字"},
        "schema.types.string": {"en": "text", "zh": "文字"},
        "schema.types.array": {"en": "a list", "zh": "列表"},
        "schema.types.object": {"en": "an object", "zh": "对象"},
        "schema.types.boolean": {"en": "true or false", "zh": "是或否"},
        "schema.formats.date-time": {"en": "time", "zh": "时间"},
        "schema.formats.date": {"en": "date", "zh": "日期"},
        "schema.formats.uuid": {"en": "entry id", "zh": "记录编号"},
    }
)

MESSAGES["cli.see_help"] = {"en": "see outpost --help", "zh": "参见 outpost --help"}
MESSAGES["cli.batch_alone"] = {
    "en": "--batch takes no KIND or --data (each line of the file holds its own)",
    "zh": "使用 --batch 时不要再给记录类型或 --data（文件每行自带）",
}
MESSAGES["cli.add_needs"] = {
    "en": "give KIND and --data, or --batch FILE (see outpost add --help)",
    "zh": "请给出记录类型和 --data，或使用 --batch 文件（参见 outpost add --help）",
}
MESSAGES["cli.amend_needs"] = {
    "en": "give --data (the whole new data), --occurred-at (a new time), or both",
    "zh": "请给出 --data（完整的新内容）或 --occurred-at（新的发生时间），或两者都给",
}
