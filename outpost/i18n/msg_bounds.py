"""Messages of the bounds every value meets where it enters (outpost.model.bounds)."""

MESSAGES: dict[str, dict[str, str]] = {
    "bounds.time_range": {
        "en": "{field}: {value} is not between the years {first} and {last}",
        "zh": "{field}：{value} 不在 {first} 年至 {last} 年之间",
    },
    "bounds.not_finite": {
        "en": "{field}: {value} is not a finite number",
        "zh": "{field}：{value} 不是有限的数",
    },
    "bounds.int_range": {
        "en": "{field}: number too large (at most {limit} either way)",
        "zh": "{field}：数值过大（绝对值不超过 {limit}）",
    },
    "bounds.surrogate": {
        "en": "{field}: the text holds a lone surrogate (like \\ud800), which is not Unicode text",
        "zh": "{field}：文本含有孤立的代理码位（如 \\ud800），不是有效的 Unicode 文本",
    },
    "bounds.too_deep": {
        "en": "{field}: nested deeper than {limit} levels",
        "zh": "{field}：嵌套超过 {limit} 层",
    },
    "bounds.json.not_utf8": {"en": "not UTF-8 text", "zh": "不是 UTF-8 文本"},
    "bounds.json.not_finite": {
        "en": "{value} is not a finite number",
        "zh": "{value} 不是有限的数",
    },
    "bounds.json.surrogate": {
        "en": "a lone surrogate (like \\ud800) is not Unicode text",
        "zh": "孤立的代理码位（如 \\ud800）不是有效的 Unicode 文本",
    },
    "bounds.json.too_deep": {
        "en": "nested deeper than {limit} levels",
        "zh": "嵌套超过 {limit} 层",
    },
    "bounds.argv_not_utf8": {
        "en": "{option}: the text given is not valid UTF-8; nothing was done",
        "zh": "{option}：所给文本不是有效的 UTF-8，未做任何操作",
    },
    "hq.packet_crashed": {
        "en": "could not be checked ({error}); the other packets go on; details in the crash log",
        "zh": "无法校验（{error}）；其他数据包照常导入；详情见崩溃日志",
    },
    "check.out_of_bounds": {
        "en": "the chain holds, but {count} entries hold values outside today's bounds "
        "(saved by an older version; summaries leave them out, HQ refuses them):\n{lines}",
        "zh": "链条完好，但有 {count} 条记录含有超出现行范围的值"
        "（旧版本保存；汇总不计入，大队拒收）：\n{lines}",
    },
    "check.out_of_bounds_line": {
        "en": "  seq {seq} in {file}: {reason}",
        "zh": "  第 {seq} 条（{file}）：{reason}",
    },
}
