"""Documents: data (review → dataclasses), layout (PDF, XLSX), charts, internal documents.

reportlab reads its base font name when ``reportlab.lib.styles`` is first imported, and table
cells and graphics fall back to it. Our embedded family must be registered and made the base font
before any module here imports styles, or a non-embedded Helvetica ends up in every PDF. This
package is imported only when a document is made, never at start-up.
"""

from reportlab import rl_config

from internkontroll.reports.fonts import register_fonts

rl_config.canvas_basefontname = register_fonts()
rl_config.defaultGraphicsFontName = rl_config.canvas_basefontname
