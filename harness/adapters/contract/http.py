"""`--backend http`: POST each scenario's request to a URL, read the JSON answer.

For billing systems that already run as a service. The harness does not
start that service; it is the user's. Nothing listening at the first
scenario therefore means the backend is unavailable (the run stops, exit 3,
with what to do); once it has answered, a refused connection is that
scenario's error, so a server that dies mid-run leaves a report of what ran.

The standard library's urllib is enough for one POST with a timeout, so the
adapter adds no dependency. Loopback URLs bypass proxy settings (a proxy
cannot reach the user's 127.0.0.1)."""

from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from harness.adapters.base import BackendOptionError
from harness.adapters.contract.base import ContractBackend
from harness.adapters.contract.errors import BackendCrashed, BackendTimeout, BackendUnreachable, with_tail
from harness.adapters.contract.request import CONTRACT
from harness.adapters.errors import BackendUnavailable
from harness.model import Scenario

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class HttpBackend(ContractBackend):
    name = "http"
    description = "any HTTP service speaking the JSON contract prorata.backend/1 (docs/backend-contract.md)"
    options = {
        "url": "the URL each scenario's request is POSTed to (http:// or https://)",
        "timeout": "seconds to wait for each answer (default 30)",
        "name": "the name of this backend's deviations ledger (deviations/NAME.yaml; default: the backend's)",
    }
    side_label = "response body"
    reach_detail = "your service, not started by the harness; nothing listening at the first scenario stops the run (exit 3)"

    def __init__(self, **options: str) -> None:
        super().__init__(**options)
        url = options.get("url", "")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BackendOptionError(
                f"backend 'http' needs a URL like http://127.0.0.1:8080/bill: --backend-option url=..., got {url!r}"
            )
        self.url = url
        handlers = [urllib.request.ProxyHandler({})] if parts.hostname in _LOOPBACK else []
        self._opener = urllib.request.build_opener(*handlers)
        self._answered = False  # has the service answered at least once?

    def where(self) -> str:
        return self.url

    def _exchange(self, body: bytes, scenario: Scenario) -> tuple[bytes, str]:
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "X-Prorata-Contract": CONTRACT,
            },
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                answer = response.read()
        except urllib.error.HTTPError as error:
            self._answered = True
            text = _read_text(error)
            raise BackendCrashed(
                with_tail(f"{self.url} answered HTTP {error.code} {error.reason}", "response body", text)
            ) from None
        except (TimeoutError, socket.timeout):
            raise BackendTimeout(f"{self.url} gave no answer within {self.timeout:g} s") from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                raise BackendTimeout(f"{self.url} gave no answer within {self.timeout:g} s") from None
            if not self._answered:
                raise BackendUnavailable(
                    f"cannot reach {self.url}: {_reason(reason)}; start the service first, or check the URL"
                ) from None
            raise BackendUnreachable(f"cannot reach {self.url} any more: {_reason(reason)}") from None
        except (OSError, http.client.HTTPException) as error:  # reset, closed mid-answer, not HTTP
            self._answered = True
            raise BackendCrashed(f"{self.url} dropped the connection: {error}") from None
        self._answered = True
        return answer, ""


def _read_text(error: urllib.error.HTTPError) -> str:
    try:
        return error.read().decode("utf-8", errors="replace")
    except Exception:  # the body itself may fail to arrive
        return ""
    finally:
        error.close()


def _reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason)
