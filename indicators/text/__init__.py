"""Text: translations (gettext catalogs in indicators/locale), transliteration, the glossary, citations, escaping and number formatting."""
