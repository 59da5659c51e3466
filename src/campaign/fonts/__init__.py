"""The bundled PDF fonts (Noto families cut to fixed character sets), which family sets which
script (`families`), what they can print (`coverage`) and the script that makes them (`subset`)."""
