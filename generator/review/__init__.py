"""The reviewer's desk: one report over everything received — by unit and project, as a page
(`-f html`) and a workbook (`-f xlsx`) — and the deadlines ahead (`szqz due`). The validator's
workers keep a small record of each dossier's project and dates (record.py); the ledger sums the
streamed results into small per-project rows (ledger.py); due.py reads what the regulation asks
next from those rows with the working-day calendar; the writers (html.py, xlsx.py) stream the
findings to their output and write the summary, deadlines and projects once the run is done."""
