"""Expert panel: criteria, commitments built from ideas, blind scoring, aggregation, shortlist."""
