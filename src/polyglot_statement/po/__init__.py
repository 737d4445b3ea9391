"""Gettext catalogues: the only package that knows the PO format."""
