"""Notifications: the in-app list, email preferences, one-click unsubscribe, and the admin outbox."""
