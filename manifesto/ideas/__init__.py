"""Ideas: the structured proposals people submit, browse and search."""
