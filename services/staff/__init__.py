"""The detachment's people: their skills, hour caps, and when each can be given work."""
