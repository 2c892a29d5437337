"""Messages about a sealed station's key file backup and its rolled-back files."""

MESSAGES = {
    "atrest.backup_used": {
        "en": "{path} did not serve ({reason}); the station opened with its backup copy {backup}",
        "zh": "{path} 无法使用（{reason}）；本站已用其备份 {backup} 打开",
    },
    "atrest.backup_other_passphrase": {
        "en": "only the backup copy opens under this passphrase: a passphrase change was cut short",
        "zh": "只有备份能用此口令打开：上次更改口令时被中断",
    },
}
