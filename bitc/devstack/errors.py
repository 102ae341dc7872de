"""The one error type of the dev stack launcher."""


class DevStackError(Exception):
    """A problem the user can fix; the CLI prints the message without a traceback.

    The first line says what is wrong and how to fix it; further lines (a log tail, mvn's errors)
    are supporting detail.
    """
