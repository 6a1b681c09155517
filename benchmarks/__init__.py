"""Speed gates with pinned targets, and the generated records they (and some tests) use."""
