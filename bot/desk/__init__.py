"""The staff desk: who may act on which ticket, the ticket's life, deadlines, the audit log,
what the reporter is told, and the campaign's reports. Domain code only: the bot's staff
commands and `lantian queue` call it and render what it returns."""
