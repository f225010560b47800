"""Holding parties to the manifesto: responses, scorecard, delivery."""
