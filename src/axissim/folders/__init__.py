"""Results folders: each kind owns its file names, its default location, its writing and its
reading; the commands and the report ask it."""
