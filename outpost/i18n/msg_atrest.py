"""Messages about a station's files sealed at rest: unlocking, passphrases, recovery."""

MESSAGES = {
    "atrest.locked": {
        "en": "{path} is locked: give the station passphrase (OUTPOST_PASSPHRASE or --passphrase-file)",
        "zh": "{path} 已加密锁定：请提供本站口令（OUTPOST_PASSPHRASE 或 --passphrase-file）",
    },
    "atrest.bad_passphrase": {
        "en": "{path}: wrong station passphrase; nothing was changed",
        "zh": "{path}：本站口令错误，未做任何改动",
    },
    "atrest.short_passphrase": {
        "en": "the station passphrase must have at least {least} characters",
        "zh": "本站口令至少需要 {least} 个字符",
    },
    "atrest.prompt": {"en": "Station passphrase", "zh": "本站口令"},
    "atrest.new_prompt": {"en": "New station passphrase", "zh": "新的本站口令"},
    "atrest.repeat_prompt": {"en": "The same passphrase again", "zh": "再输入一次口令"},
    "atrest.mismatch": {
        "en": "the two passphrases differ; nothing was changed",
        "zh": "两次输入的口令不一致，未做任何改动",
    },
    "atrest.passphrase_unreadable": {
        "en": "cannot read the passphrase file {path} ({reason})",
        "zh": "无法读取口令文件 {path}（{reason}）",
    },
    "atrest.passphrase_needed": {
        "en": "a new station passphrase is needed: give it in OUTPOST_NEW_PASSPHRASE, a file, or on a terminal",
        "zh": "需要新的本站口令：请通过 OUTPOST_NEW_PASSPHRASE、口令文件或在终端中输入",
    },
    "atrest.left_clear": {
        "en": "no passphrase given and no terminal to ask on: the station's files are left clear (outpost encrypt seals them later)",
        "zh": "未提供口令且无法在终端询问：本站文件未加密（稍后可用 outpost encrypt 加密）",
    },
    "atrest.already_sealed": {
        "en": "{path}: this station's files are already sealed (outpost passphrase changes its passphrase)",
        "zh": "{path}：本站文件已加密（更改口令请用 outpost passphrase）",
    },
    "atrest.not_sealed": {
        "en": "{path}: this station's files are not sealed (outpost encrypt seals them)",
        "zh": "{path}：本站文件未加密（可用 outpost encrypt 加密）",
    },
    "atrest.encrypted": {
        "en": "{path}: the station's files are sealed ({count} files sealed now)",
        "zh": "{path}：本站文件已加密（本次加密 {count} 个文件）",
    },
    "atrest.changed": {
        "en": "{path}: the station passphrase is changed; the log was not rewritten",
        "zh": "{path}：本站口令已更改，日志未重写",
    },
    "tui.unlock.title": {"en": "Unlock this station", "zh": "解锁本警务室"},
    "tui.unlock.intro": {
        "en": "This station's log is encrypted. Type the station passphrase and press Enter.",
        "zh": "本站日志已加密。请输入本站口令并按回车。",
    },
    "tui.unlock.again": {
        "en": "Locked after a while untouched. Your unsaved form is kept: type the passphrase to go on.",
        "zh": "长时间无操作，已自动锁定。未保存的表单仍在：输入口令即可继续。",
    },
    "atrest.no_recovery": {
        "en": "{path}: this station's key was never sealed to an HQ card (outpost hq-card FILE does it)",
        "zh": "{path}：本站密钥尚未用总部证书封存（请先运行 outpost hq-card 文件）",
    },
    "atrest.request_refused": {
        "en": "{path}: this request was not sealed to this HQ's key, or is damaged; nothing written",
        "zh": "{path}：该请求不是用本总部密钥封存的，或已损坏；未写入任何内容",
    },
    "atrest.request_unknown": {
        "en": "{path}: station {station} is not enrolled at this HQ; nothing written",
        "zh": "{path}：警务站 {station} 未在本总部登记；未写入任何内容",
    },
    "atrest.not_recovery": {
        "en": "{path} is not a recovery file ({kind})",
        "zh": "{path} 不是恢复文件（{kind}）",
    },
    "atrest.answer_foreign": {
        "en": "{path}: this answer is for another station or from another HQ; nothing was changed",
        "zh": "{path}：该答复属于其他警务站或来自其他总部；未做任何改动",
    },
    "atrest.bad_code": {
        "en": "{path}: wrong one-time code (ask HQ to read it again); nothing was changed",
        "zh": "{path}：一次性验证码错误（请总部再读一遍）；未做任何改动",
    },
    "atrest.code_prompt": {"en": "One-time code from HQ", "zh": "总部提供的一次性验证码"},
    "atrest.code_needed": {
        "en": "the one-time code from HQ is needed: OUTPOST_RECOVERY_CODE, or on a terminal",
        "zh": "需要总部提供的一次性验证码：OUTPOST_RECOVERY_CODE 或在终端中输入",
    },
    "atrest.request_written": {
        "en": "recovery request written: {path} (take it to HQ; it reveals nothing without HQ's key)",
        "zh": "已写入恢复请求：{path}（交给总部；没有总部密钥无法读取）",
    },
    "atrest.answer_written": {
        "en": "answer for station {station} written: {path}",
        "zh": "已为警务站 {station} 写入答复：{path}",
    },
    "atrest.answer_code": {
        "en": "one-time code (read it out to the station by phone, never with the file): {code}",
        "zh": "一次性验证码（电话读给警务站，切勿与文件一起传送）：{code}",
    },
    "atrest.recovered": {
        "en": "{path}: unlocked with HQ's answer; the new passphrase is set",
        "zh": "{path}：已用总部答复解锁，新口令已设置",
    },
    "tui.first_run.passphrase": {"en": "Passphrase", "zh": "本站口令"},
    "tui.first_run.passphrase_hint": {
        "en": "8+ characters: encrypts the log (empty: not encrypted)",
        "zh": "至少 8 个字符，用于加密日志（留空则不加密）",
    },
    "tui.first_run.passphrase_again": {"en": "Passphrase again", "zh": "再输一次口令"},
    "tui.first_run.passphrase_again_hint": {"en": "the same again", "zh": "与上面相同"},
}
