"""Random inspections of agencies ("双随机、一公开"): which agencies a plan inspects, who is sent,
and how anyone re-draws a published plan to check it (draw.py). Pure: no database, no clock."""
