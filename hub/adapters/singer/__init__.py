"""Any Singer tap as a source: ``hub sync --tap "COMMAND" --mapping FILE``."""
