"""The data layer: the read-only warehouse, its named queries (sql/), the scoped connection that
hides other LAs' non-public rows, and the cached query layer pages ask through."""
