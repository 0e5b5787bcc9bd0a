"""Synthesis: the passages of a confident answer → a short answer written by an OpenAI-compatible
service, with every citation checked against the passages before anything is shown as final."""
