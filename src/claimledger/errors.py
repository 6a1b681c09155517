"""Typed errors. Each has a stable code and a message that says what to do next.

The library raises these; the CLI turns them into one line on stderr and an exit code,
and batch runs turn them into per-input error records. Nothing else should escape.
"""

from __future__ import annotations


class ClaimledgerError(Exception):
    """Base class. ``code`` is stable and machine-readable; ``str(err)`` is one line."""

    code = "E000"
    reason = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class ModelNotFoundError(ClaimledgerError):
    code = "E001"
    reason = "model"


class InputError(ClaimledgerError):
    """An input could not be read as an article; ``reason`` says why, for skip records."""

    code = "E010"
    reason = "input"


class MissingInputError(InputError):
    code = "E011"
    reason = "missing"


class EmptyInputError(InputError):
    code = "E012"
    reason = "empty"


class BinaryInputError(InputError):
    code = "E013"
    reason = "binary"


class EncodingInputError(InputError):
    code = "E014"
    reason = "encoding"


class TooLargeInputError(InputError):
    code = "E015"
    reason = "too_large"


class NotAFileInputError(InputError):
    code = "E016"
    reason = "not_a_file"


class MalformedInputError(InputError):
    """A record of a batch input (a JSON line, later a feed item or WARC record) is broken."""

    code = "E017"
    reason = "malformed"


class AnalysisFailedError(InputError):
    """The pipeline raised on this one article; recorded as a skip so the batch goes on."""

    code = "E018"
    reason = "analysis"


class LanguageInputError(InputError):
    """The article is not in a language the pipeline reads (English, for now)."""

    code = "E019"
    reason = "language"


class NoArticleInputError(InputError):
    """A page or record holds no article text (a section front, a login wall, a video page)."""

    code = "E060"
    reason = "no_article"


class UnsupportedRecordInputError(InputError):
    """A WARC record that is not an HTML ``response`` (request, warcinfo, metadata, an image)."""

    code = "E061"
    reason = "record_type"


class FetchInputError(InputError):
    """A URL could not be fetched: timeout, refused connection, HTTP error, too many redirects."""

    code = "E062"
    reason = "fetch"


class UnreachableInputError(FetchInputError):
    """A URL could not be fetched this time, and may be later: a timeout, a refused or
    dropped connection, a host name that did not resolve, HTTP 408, 429 or 5xx. Not a
    decision: ``watch`` fetches such a feed entry again at its next poll, ``ingest`` such a
    URL at its next run."""

    code = "E065"
    reason = "unreachable"


class BlockedAddressInputError(FetchInputError):
    """A URL resolves to a loopback, private, link-local or reserved address (``--allow-private``)."""

    code = "E063"
    reason = "private_address"


class ContentTypeInputError(FetchInputError):
    """A fetched URL answered with content that is not HTML or a feed."""

    code = "E064"
    reason = "content_type"


class CorpusNotFoundError(ClaimledgerError):
    code = "E020"
    reason = "corpus"


class SettingError(ClaimledgerError):
    code = "E030"
    reason = "setting"


class LedgerError(ClaimledgerError):
    """The ledger database cannot be opened or written (bad URL, locked, unreadable)."""

    code = "E040"
    reason = "ledger"


class InvalidRecordError(LedgerError):
    """A record is not a storable ``claimledger.article/1`` record."""

    code = "E041"
    reason = "record"


class ExportError(ClaimledgerError):
    """An export cannot be written: the output path is unusable, or the ledger holds a value
    the format cannot represent."""

    code = "E050"
    reason = "export"


class MissingExtraError(ClaimledgerError):
    """An optional extra is not installed; the message names the ``pip install`` that adds it."""

    code = "E051"
    reason = "extra"


class SparkJobError(ClaimledgerError):
    """The Spark job cannot start or failed: no Java, no PySpark session, a task that failed,
    an output folder that already exists."""

    code = "E070"
    reason = "spark"


class JobOutputError(ClaimledgerError):
    """A folder is not a finished ``claimledger spark`` output: missing, unfinished (no
    ``_SUCCESS``), or holding a Parquet file that cannot be read or lacks the job's columns."""

    code = "E071"
    reason = "job_output"
