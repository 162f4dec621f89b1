"""The domain: pure Python, no Qt, no reportlab, no database session."""
