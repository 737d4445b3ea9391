"""A statement from the form it was written in: .docx, .odt, an HTML page, plain text.

`new_statement` reads and converts it, and writes source/<slug>.md with its images;
`render.render_new` prints the report; `policy.new_exit` says the exit code.
"""

from polyglot_statement.errors import IntakeError
from polyglot_statement.intake.new import new_statement
from polyglot_statement.intake.result import Dropped, NewStatement

__all__ = ["Dropped", "IntakeError", "NewStatement", "new_statement"]
