"""The field's standard data (COW, ATOP, strategic rivalries, V-Dem, COW trade), shipped in
`files/`, and what axissim builds from it: scenarios of real wars and the corpus of joining
decisions."""
