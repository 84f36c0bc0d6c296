"""Reading text: the Markdown scanner, comment directives, fence options and the code in fences,
encoding repair, the language of prose, site-relative URLs, and the shape of a problem found at a
line and column (diagnostics).

May import: nothing else of the garden. Every other layer reads text through this one.
"""
