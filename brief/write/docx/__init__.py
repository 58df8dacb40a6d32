"""Writing the rendered brief as a Word document; see writer.py."""
