"""The family of refusals the live game's services raise; views and consumers
show their Vietnamese message."""


class LiveError(Exception):
    """A refused action; the message is Vietnamese and safe to show."""


class NotAllowed(LiveError):
    pass


class TooEarly(LiveError):
    def __init__(self, message: str, wait_ms: int):
        super().__init__(message)
        self.wait_ms = wait_ms


class RosterError(LiveError):
    def __init__(self, errors: list[str]):
        super().__init__(" ".join(errors))
        self.errors = errors
