"""The one family of refusals: something the programme's rules or a file's content do not allow.

A service, an importer or a command raises a subclass of ``Refused`` with a message written for
the person who asked; views and the admin show that message (``messages.error``), commands
print it (``CommandError``), and nothing is written. Programming errors are never ``Refused``.
"""


class Refused(Exception):
    """A request refused, with ``message`` saying why to the person who made it."""

    def __init__(self, message=""):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)
