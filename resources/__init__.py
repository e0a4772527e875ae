"""Data shipped with Casenotes (templates, prompts, word lists): read with importlib.resources."""
