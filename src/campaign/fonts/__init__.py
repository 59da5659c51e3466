"""The bundled PDF fonts (DejaVu Serif and its fixed subset) and the script that makes the subset."""
