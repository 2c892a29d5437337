"""Brigade HQ's services, called alike by the `outpost hq` commands and HQ's screens.

Plain arguments in, plain results out: nothing here prints, asks or knows click or Textual. A
face opens the archive with `open_hq` (asking the passphrase only when the task signs), calls one
service and renders what it returns.
"""

from outpost.brigade.acks import write_ack, write_acks
from outpost.brigade.enrollment import (
    Enrollment,
    enroll_station,
    read_station_card,
    replace_station_key,
)
from outpost.brigade.hq_setup import (
    HqCardFile,
    check_names,
    check_zone,
    hq_card_file,
    set_up_hq,
)
from outpost.brigade.importing import PacketImport, PacketOutcome, packets_to_import
from outpost.brigade.opening import Passphrase, open_hq
from outpost.brigade.passphrase import judge_passphrase
from outpost.brigade.stations import (
    StationLine,
    all_incidents,
    brigade_zone,
    handle_incident,
    station_board,
    station_detail,
    station_rows,
)
from outpost.brigade.summary import brigade_summary, brigade_summary_of_folder, export_summary

__all__ = [
    "Enrollment",
    "HqCardFile",
    "PacketImport",
    "PacketOutcome",
    "Passphrase",
    "StationLine",
    "all_incidents",
    "brigade_summary",
    "brigade_summary_of_folder",
    "brigade_zone",
    "check_names",
    "check_zone",
    "enroll_station",
    "export_summary",
    "handle_incident",
    "hq_card_file",
    "judge_passphrase",
    "open_hq",
    "packets_to_import",
    "read_station_card",
    "replace_station_key",
    "set_up_hq",
    "station_board",
    "station_detail",
    "station_rows",
    "write_ack",
    "write_acks",
]
