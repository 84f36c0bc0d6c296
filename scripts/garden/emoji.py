"""The emoji generator under the name sites give it in mkdocs.yml:

    - pymdownx.emoji:
        emoji_generator: !!python/name:garden.emoji.to_svg_or_unicode

A public name, kept where it was before the package had layers; the generator itself is a
build feature (garden.features.emoji).
"""

from garden.features.emoji import to_svg_or_unicode

__all__ = ["to_svg_or_unicode"]
