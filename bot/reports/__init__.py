"""The reports queue: reports (举报) and complaints (投诉), their evidence and deadlines.

Domain code only: the bot and the staff desk call these modules and render the results. Nothing
is imported here, so opening the database (which applies reports.schema) loads no more.
"""
