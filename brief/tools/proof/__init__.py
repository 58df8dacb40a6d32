"""`brief proof`: one picture of a brief's PDF pages beside its DOCX pages, so an editor checks both without Word.

`libreoffice.py` prints the DOCX to PDF, `pages.py` draws PDF pages as pictures, `renderings.py`
builds a brief in memory into both, `sheet.py` lays them out, `proof_file.py` writes the sheet.
"""
