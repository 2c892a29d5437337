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
}
