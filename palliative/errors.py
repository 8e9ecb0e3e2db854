"""The one base of every error the app's own rules and services raise for a person to read.

A `DomainError` carries a message written for the user who asked (a clerk, a provider, a
biller): views catch `DomainError` alone and show its text; anything else is a bug and a 500.
The module is pure Python so rule modules (deadlines, the 835 reader) can raise it too.
"""


class DomainError(Exception):
    """Something the app refuses to do, with a message that says why in the user's words."""
