"""Ingest — takes sources (feeds, archives, files) and gives corpus/ posts (Markdown + front matter).

Reads them back as cleaned Documents; imports only the base modules.
"""
