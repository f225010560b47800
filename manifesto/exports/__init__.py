"""The published manifesto and the open data leave the platform."""
