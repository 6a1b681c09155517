"""Fetching a URL politely and safely: one page or feed, never the intranet.

A URL given to ``claimledger ingest``, or found in a feed someone else wrote, is untrusted: a
feed entry pointing at ``http://169.254.169.254/`` or ``http://localhost:8080/admin`` must not
make this machine fetch it (server-side request forgery). So, unless ``allow_private``:

- the host is resolved here and *every* address it resolves to must be public
  (:func:`is_public`): loopback, private, link-local, shared, reserved, multicast and
  unspecified addresses are refused, IPv4 inside IPv6 too;
- the connection goes to an address that was checked, not to the name again, so a DNS answer
  that changes between the check and the connection (DNS rebinding) is not followed;
- redirects are followed by hand, at most :data:`MAX_REDIRECTS`, each new URL checked again.

Politeness: a User-Agent that names claimledger and where to write, one request at a time, a
pause between two requests to the same host, bounded time and size (the body is read in
chunks and refused past the limit; a ``Content-Length`` over it is refused before reading).
Only the standard library is used (http.client): nothing here needs a second HTTP stack.

Conditional requests (``claimledger watch``): given the ``etag`` and ``last_modified`` of an
earlier answer, the request carries If-None-Match / If-Modified-Since, and a 304 comes back
as a :class:`Fetched` with ``not_modified`` set and no body.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from claimledger import __version__
from claimledger.errors import (
    BlockedAddressInputError,
    ContentTypeInputError,
    FetchInputError,
    TooLargeInputError,
    UnreachableInputError,
)

USER_AGENT = f"claimledger/{__version__} (+https://claimledger.example/bot; news ingest for fact-checking)"
# Seconds for the connection and for each read; a whole fetch also gets TOTAL_SECONDS.
TIMEOUT_SECONDS = 10.0
TOTAL_SECONDS = 30.0
MAX_REDIRECTS = 5
# A second between two requests to one host: a feed of 50 entries on one site takes 50 s
# rather than hammering it.
HOST_INTERVAL_SECONDS = 1.0
CHUNK = 65536

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml",
    "application/xml", "text/xml", "application/feed+json",
})
PAGE_OR_FEED = HTML_TYPES | FEED_TYPES
_REDIRECTS = {301, 302, 303, 307, 308}
# Answers that say "not now" rather than "no": the same URL may be fetched later.
_TRANSIENT = {408, 425, 429, 500, 502, 503, 504}

Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body. ``url`` is the last URL after redirects; ``media_type`` is lower-case,
    without parameters ("" when the server sent none)."""

    url: str
    media_type: str
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (the system resolver, IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def open_socket(address: str, port: int, timeout: float) -> socket.socket:
    """A TCP connection to an address already checked (a seam the tests replace)."""
    return socket.create_connection((address, port), timeout)


def is_public(address: str) -> bool:
    """A globally routable unicast address; False for loopback, private, link-local, shared
    (100.64/10), reserved, documentation, multicast and unspecified ones."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not is_public(str(embedded)):
            return False
    return ip.is_global and not ip.is_multicast


class Fetcher:
    """Fetches URLs one at a time with the rules above; :meth:`fetch` raises a typed
    :class:`~claimledger.errors.FetchInputError` (or ``TooLargeInputError``) on any failure."""

    def __init__(
        self,
        *,
        max_bytes: int,
        allow_private: bool = False,
        timeout: float = TIMEOUT_SECONDS,
        total_seconds: float = TOTAL_SECONDS,
        max_redirects: int = MAX_REDIRECTS,
        host_interval: float = HOST_INTERVAL_SECONDS,
        user_agent: str = USER_AGENT,
        resolver: Resolver | None = None,
    ) -> None:
        self.max_bytes = max_bytes
        self.allow_private = allow_private
        self.timeout = timeout
        self.total_seconds = total_seconds
        self.max_redirects = max_redirects
        self.host_interval = host_interval
        self.user_agent = user_agent
        self.resolver = resolver
        self._last_request: dict[str, float] = {}

    def fetch(
        self,
        url: str,
        *,
        accept: Iterable[str] = PAGE_OR_FEED,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Fetched:
        """GET ``url``, following redirects; the body must be one of the ``accept`` media
        types (or carry no type at all, left to the caller to sniff). With ``etag`` or
        ``last_modified`` the GET is conditional: a 304 is returned with ``not_modified``."""
        accepted = frozenset(accept)
        deadline = time.monotonic() + self.total_seconds
        conditional: dict[str, str] = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        current = url
        for _ in range(self.max_redirects + 1):
            status, headers, response, connection = self._request(current, deadline, conditional)
            try:
                if status in _REDIRECTS:
                    location = headers.get("location")
                    if not location:
                        raise FetchInputError(f"{current}: HTTP {status} redirect without a Location")
                    current = urljoin(current, location.strip())
                    continue
                new_etag, new_modified = headers.get("etag"), headers.get("last-modified")
                if status == 304 and conditional:
                    return Fetched(current, "", b"", etag=new_etag or etag,
                                   last_modified=new_modified or last_modified, not_modified=True)
                if status != 200:
                    error = UnreachableInputError if status in _TRANSIENT else FetchInputError
                    raise error(f"{current}: HTTP {status} {response.reason}".rstrip())
                media_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
                if media_type and media_type not in accepted:
                    raise ContentTypeInputError(
                        f"{current}: served as {media_type}, not a page or a feed "
                        f"({', '.join(sorted(accepted))})"
                    )
                body = self._read_body(current, response, headers, deadline)
                return Fetched(current, media_type, body, etag=new_etag, last_modified=new_modified)
            finally:
                connection.close()
        raise FetchInputError(f"{url}: more than {self.max_redirects} redirects")

    # -- one request ---------------------------------------------------------------------
    def _request(
        self, url: str, deadline: float, conditional: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], http.client.HTTPResponse, http.client.HTTPConnection]:
        scheme, host, port, target = _parts(url)
        addresses = self._checked_addresses(url, host, port)
        self._pause_for(host)
        connection = _connection(scheme, host, port, addresses, self._timeout_left(url, deadline))
        try:
            connection.request("GET", target, headers={
                "User-Agent": self.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                          "application/xml;q=0.9,*/*;q=0.1",
                # Identity first: a gzip body is accepted below, but only inflated to the limit.
                "Accept-Encoding": "gzip;q=0.5, identity",
                "Connection": "close",
                **(conditional or {}),
            })
            response = connection.getresponse()
        except (OSError, http.client.HTTPException) as err:
            connection.close()
            # A certificate that does not verify will not next time either.
            lasting = isinstance(err, ssl.SSLCertVerificationError)
            error = FetchInputError if lasting else UnreachableInputError
            raise error(f"{url}: {_describe(err)}") from None
        headers = {key.lower(): value for key, value in response.getheaders()}
        return response.status, headers, response, connection

    def _checked_addresses(self, url: str, host: str, port: int) -> list[str]:
        try:
            addresses = (self.resolver or resolve)(host, port)
        except (OSError, UnicodeError) as err:
            raise UnreachableInputError(f"{url}: cannot resolve {host} ({_describe(err)})") from None
        if not addresses:
            raise FetchInputError(f"{url}: {host} resolves to no address")
        if not self.allow_private:
            try:
                blocked = [a for a in addresses if not is_public(a)]
            except ValueError:
                raise FetchInputError(f"{url}: {host} resolves to something not an IP address") from None
            if blocked:
                raise BlockedAddressInputError(
                    f"{url}: {host} resolves to {blocked[0]}, a loopback, private or reserved address; "
                    "give --allow-private to fetch from your own network"
                )
        return addresses

    def _pause_for(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            wait = self.host_interval - (time.monotonic() - last)
            if wait > 0:
                time.sleep(wait)
        self._last_request[host] = time.monotonic()

    def _timeout_left(self, url: str, deadline: float) -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise UnreachableInputError(f"{url}: took over {self.total_seconds:g} s")
        return min(self.timeout, left)

    def _read_body(
        self, url: str, response: http.client.HTTPResponse, headers: dict[str, str], deadline: float
    ) -> bytes:
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise TooLargeInputError(_too_large(url, int(length), self.max_bytes))
        encoding = headers.get("content-encoding", "identity").strip().lower()
        if encoding not in {"identity", "gzip", "x-gzip", ""}:
            raise FetchInputError(f"{url}: served with Content-Encoding {encoding}, which is not read")
        inflate = zlib.decompressobj(wbits=47) if encoding in {"gzip", "x-gzip"} else None
        parts: list[bytes] = []
        size = 0
        try:
            while chunk := response.read(CHUNK):
                self._timeout_left(url, deadline)
                if inflate is not None:
                    # Bounded: a small gzip bomb cannot inflate past the limit in memory.
                    chunk = inflate.decompress(chunk, self.max_bytes + 1 - size)
                size += len(chunk)
                if size > self.max_bytes:
                    raise TooLargeInputError(_too_large(url, size, self.max_bytes, more=True))
                parts.append(chunk)
        except (OSError, http.client.HTTPException, zlib.error) as err:
            raise UnreachableInputError(f"{url}: reading the body failed ({_describe(err)})") from None
        return b"".join(parts)


def _parts(url: str) -> tuple[str, str, int, str]:
    try:
        split = urlsplit(url)
        port = split.port
    except ValueError as err:
        raise FetchInputError(f"{url}: not a valid URL ({err})") from None
    if split.scheme not in {"http", "https"}:
        raise FetchInputError(f"{url}: only http and https URLs are fetched")
    if not split.hostname:
        raise FetchInputError(f"{url}: no host")
    if split.username or split.password:
        raise FetchInputError(f"{url}: URLs with a user name or password are not fetched")
    target = (split.path or "/") + (f"?{split.query}" if split.query else "")
    return split.scheme, split.hostname, port or (443 if split.scheme == "https" else 80), target


def _connection(
    scheme: str, host: str, port: int, addresses: list[str], timeout: float
) -> http.client.HTTPConnection:
    """A connection to ``host`` (its name for Host, SNI and the certificate) made to one of
    the checked ``addresses``."""

    def connect(
        _address: tuple[str, int], timeout: float | None = None, source: object = None
    ) -> socket.socket:
        last: OSError | None = None
        for address in addresses:
            try:
                return open_socket(address, port, timeout if timeout is not None else TIMEOUT_SECONDS)
            except OSError as err:
                last = err
        raise last or OSError("no address to connect to")

    connection: http.client.HTTPConnection
    if scheme == "https":
        connection = http.client.HTTPSConnection(host, port, timeout=timeout,
                                                 context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)
    # http.client opens its socket through this attribute; pointing it at the checked
    # addresses is what keeps a second DNS answer out.
    connection._create_connection = connect  # type: ignore[attr-defined]
    return connection


def _describe(err: BaseException) -> str:
    if isinstance(err, socket.timeout | TimeoutError):
        return "timed out"
    if isinstance(err, ssl.SSLError):
        return f"TLS error: {err.reason or err}"
    if isinstance(err, OSError) and err.strerror:
        return err.strerror.lower()
    return str(err) or type(err).__name__


def _too_large(url: str, size: int, limit: int, *, more: bool = False) -> str:
    over = "over " if more else ""
    return (
        f"{url}: {over}{size:,} bytes is over the {limit:,}-byte limit for one page; "
        "raise CLAIMLEDGER_MAX_BYTES if it is an article"
    )
