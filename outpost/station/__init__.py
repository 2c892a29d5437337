"""The station's application services: what the command line and the station screens both call.

One module per concern, each imported where it is used (importing this package loads nothing, so
`outpost add` never pays for cryptography and the home screen opens fast):

- `setup`: a new station (its log, its signing key and card) and HQ's card.
- `records`: the log opened (for a command, or for the screens), listed, and its corrections.
- `batch`: the JSON Lines batch file of `outpost add --batch`.
- `forms`: how a form's typed text becomes an entry's data, checked as the officer types.
- `status`: what `outpost status` reports about the station.
- `home`: the home screen's figures and alerts (low stock, quiet households, this month).
- `delivery`: the sync state as shown, export, copies to a stick, HQ's acks.
- `summary`: the monthly summary of the station's own log, and its export to files.
- `households`: finding households in the registry (the picker, the households screen).
- `settings`: what the screens remember between runs (language, the stick's folder).
"""
