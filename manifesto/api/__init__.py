"""Read-only JSON API under /api/v1/."""
