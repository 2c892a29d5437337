"""HQ: the archive of every station's log (SQLite), enrollment, the packet importer and acks."""

from outpost.hq.archive import Holdings, HqArchive
from outpost.hq.importer import ImportResult, import_packet, make_ack

__all__ = ["Holdings", "HqArchive", "ImportResult", "import_packet", "make_ack"]
