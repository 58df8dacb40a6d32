"""The writers: the rendered document as PDF, DOCX and standalone HTML, and the output set they land in."""
