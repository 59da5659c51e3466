"""The document model: what a letter says, independent of DOCX, PDF, HTML or plain text."""
