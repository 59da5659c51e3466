"""Loading the campaign's YAML files into the typed model, with every error located."""
