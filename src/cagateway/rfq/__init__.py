"""Buyer requests (RFQs): posting, matching producers, notifying their representatives, quotes, acceptance,
expiry and anti-spam limits."""
