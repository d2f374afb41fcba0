"""Renderers: figures, maps, slides, the country brief, QR codes, the palette and file exports."""
