"""File formats in and out: every file the bot reads or writes (YAML, CSV, XLSX; later PNG, DOCX).

Why one package: reading a file is where hostile input meets the bot, and writing one is where a
cell could turn into a formula; both rules are kept in one place. The domain (`bot.domain`) sees
plain values and structured errors, never bytes. Readers refuse with `FileRejected` (a reason
code and a place); uploads are parsed in a worker process with time and memory limits
(`formats.worker`), never on the event loop. A new format gets its own module here.
"""
