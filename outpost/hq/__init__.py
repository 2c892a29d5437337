"""HQ: the archive of every station's log (SQLite), enrollment, the packet importer and acks."""

from outpost.hq.acks import make_ack
from outpost.hq.archive import HqArchive
from outpost.hq.commit import ImportResult
from outpost.hq.holdings import Holdings
from outpost.hq.importer import import_packet

__all__ = ["Holdings", "HqArchive", "ImportResult", "import_packet", "make_ack"]
