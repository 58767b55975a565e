"""Moderation: claims of producers by representatives, their edits, user reports, verification tiers and the
entity-resolution review queue; every decision with a reason the submitter sees."""
