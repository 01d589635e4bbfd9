"""The `pdf` backend: invoice PDFs read back through YAML layout profiles
(docs/backends/pdf.md, docs/pdf-profiles.md)."""

from harness.adapters.pdf.adapter import PdfBackend
from harness.adapters.pdf.profile import Profile, ProfileError, load_profile
from harness.adapters.pdf.read import PdfReader, PdfReadError

__all__ = ["PdfBackend", "PdfReadError", "PdfReader", "Profile", "ProfileError", "load_profile"]
