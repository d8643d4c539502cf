"""Samla: real-time co-design workshops and Open Space sessions."""
