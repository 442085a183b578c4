"""The registry: agencies, practitioners, lists and sanctions, and how they are imported."""
