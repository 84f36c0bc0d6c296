"""What a contributor writes reaches readers as text and markup only: the sanitizer and what it
removed, the Content-Security-Policy, inputs confined to the project, the active content of
markup and of files published as they are, and the front matter schema.

May import: the text layer and the model (garden.text, garden.model).
"""
