"""Widgets shared by the station screens: the top bar, the activity chart, entry tables."""
