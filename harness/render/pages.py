"""What every HTML page the harness writes shares: one jinja2 set-up (escaping
on, undefined names an error, templates shipped in the package) and one way to
print a page to PDF.

WeasyPrint is imported only when a PDF is asked for: it needs system
libraries (pango) that a machine rendering text or HTML does not. Its
failures become `PdfUnavailable` with the fix in words."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a page is rendered: commands that write none (`prorata run`) skip it
    import jinja2

INSTALL_HINT = (
    "install the libraries WeasyPrint needs: on Debian/Ubuntu `apt-get install libpango-1.0-0 "
    "libpangoft2-1.0-0 libharfbuzz-subset0`, on macOS `brew install pango`; see "
    "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html"
)


class PdfUnavailable(RuntimeError):
    """WeasyPrint is missing or cannot load its system libraries."""


def template_environment(package: str, folder: str = "templates") -> jinja2.Environment:
    """Templates of `package`/`folder`, autoescaped, strict about undefined names."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def html_to_pdf(html: str) -> bytes:
    """A standalone HTML page (its CSS inlined) printed by WeasyPrint."""
    try:
        import weasyprint
    except ImportError as error:
        raise PdfUnavailable(f"PDF output needs WeasyPrint, which is not installed ({error}); "
                             "`pip install weasyprint`") from None
    except OSError as error:  # its cffi bindings could not open pango, gobject, ...
        raise PdfUnavailable(f"WeasyPrint cannot load its system libraries ({error}); {INSTALL_HINT}") from None
    return weasyprint.HTML(string=html).write_pdf()
