"""Errors a user can cause: the CLI prints them as one line, no traceback."""


class LianghuiError(Exception):
    """A mistake in the input or the command line, explained in one line."""


class ValidationFailed(LianghuiError):
    def __init__(self, summary: str, report_path: str) -> None:
        super().__init__(f"validation failed, nothing published:\n{summary}\nfull report: {report_path}")
        self.report_path = report_path
