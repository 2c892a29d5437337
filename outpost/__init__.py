"""outpost: an offline-first logbook for border police stations, with sealed sync to brigade HQ."""

__version__ = "0.1.0"
__all__ = ["__version__"]
