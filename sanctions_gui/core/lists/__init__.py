"""Official sanctions lists: read them, choose whom they concern, and compare them with a database.

`read_list` opens a list file of any supported format; `compare_with_database` and
`compare_lists` sort people into new, no longer listed, changed, uncertain and matched;
`canonical_values` and `delisting_date` give what a change to the database would write.
"""
