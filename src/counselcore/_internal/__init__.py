"""Small shared helpers; nothing here is public API."""
