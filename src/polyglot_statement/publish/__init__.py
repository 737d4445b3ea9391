"""Published editions: `polyglot build` turns approved translations into dist/.

pipeline.py decides and orchestrates; edition.py composes one edition's text; untrusted.py
and sanitize.py keep translations from injecting markup; html.py, text.py and index.py
render; manifest.py records what was built; inputs.py fingerprints; swap.py replaces
the output folder atomically.
"""

from polyglot_statement.publish.build import FORMATS, BuildReport, build

__all__ = ["FORMATS", "BuildReport", "build"]
