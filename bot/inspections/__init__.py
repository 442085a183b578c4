"""Random inspections of agencies ("双随机、一公开"): the draw anyone can re-draw (draw.py,
pure), the plans and their work in the database (plans.py), the check's line (latest.py)."""
