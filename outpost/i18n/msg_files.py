"""Messages about files and folders: what is not a file to read, and access a folder refuses."""

MESSAGES = {
    "store.not_regular": {
        "en": "not a regular file ({kind}); skipped",
        "zh": "不是普通文件（{kind}），已跳过",
    },
    "store.kind_fifo": {"en": "a named pipe", "zh": "命名管道"},
    "store.kind_device": {"en": "a device", "zh": "设备文件"},
    "store.kind_link": {"en": "a symbolic link", "zh": "符号链接"},
    "store.kind_folder": {"en": "a folder", "zh": "文件夹"},
    "store.kind_other": {"en": "a socket or other special file", "zh": "套接字或其他特殊文件"},
    "store.no_access": {
        "en": "{path}: this account cannot {access} this folder ({reason})",
        "zh": "{path}：当前账户无法{access}此文件夹（{reason}）",
    },
    "store.access_read": {"en": "read", "zh": "读取"},
    "store.access_write": {"en": "write to", "zh": "写入"},
    "store.read_only": {
        "en": "{path} is opened read-only; nothing can be saved in it",
        "zh": "{path} 以只读方式打开，无法保存",
    },
}
