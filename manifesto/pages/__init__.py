"""Static information pages: privacy notice, accessibility statement."""
