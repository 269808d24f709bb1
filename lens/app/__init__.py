"""App plumbing: the router's helpers, the first run's build, the shared filters."""
