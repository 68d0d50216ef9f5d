"""HTTPS to the site's language model when the company's own certificate authority signed it.

`LLM_CA_BUNDLE` names a PEM file with that authority's certificate(s); the client then trusts
those and nothing else for the model endpoint (not certifi's public authorities). Unset, httpx
checks against certifi's. Verification is never turned off. The settings check the bundle at
start with `trust_context` (the same loading the client does); the client (training/llm.py)
asks `ssl_error` whether a connection failed in TLS and `explain` what the administrator should
change, for the log.
"""

from __future__ import annotations

import ssl

# What a failed certificate check means for the administrator (OpenSSL's X509_V_ERR_* codes).
_NOT_TRUSTED = frozenset({2, 18, 19, 20, 21})  # no trusted issuer found; self-signed
_NOT_THIS_HOST = frozenset({62, 64})  # HOSTNAME_MISMATCH, IP_ADDRESS_MISMATCH
_OUT_OF_DATE = frozenset({9, 10})  # CERT_NOT_YET_VALID, CERT_HAS_EXPIRED


class CABundleError(ValueError):
    """The CA bundle cannot be used; the message completes "LLM_CA_BUNDLE ..."."""


def trust_context(path: str) -> ssl.SSLContext:
    """A client context that trusts only the certificate authorities in the PEM file `path`.

    Raises CABundleError when the file is missing, unreadable or holds no PEM certificate.
    """
    must = "must be a PEM file with the certificate authority's certificate(s)"
    try:
        with open(path, "rb") as bundle:
            pem = bundle.read()
    except FileNotFoundError:
        raise CABundleError(f"{must}; {path} does not exist.") from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise CABundleError(f"{must}; {path} cannot be read ({reason}).") from None
    try:
        if b"-----BEGIN CERTIFICATE-----" not in pem:
            raise ssl.SSLError("no PEM certificate")
        return ssl.create_default_context(cafile=path)  # that file only, no default store
    except (OSError, ssl.SSLError):
        raise CABundleError(
            f"{must}; {path} holds no readable PEM certificate (-----BEGIN CERTIFICATE-----). "
            f"One in DER (.cer, .der) converts with: openssl x509 -inform der -in CA.cer "
            f"-out CA.pem"
        ) from None


def ssl_error(error: BaseException) -> ssl.SSLError | None:
    """The TLS error under an httpx ConnectError (httpx -> httpcore -> ssl), if that was it."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def explain(error: ssl.SSLError, *, ca_bundle: str) -> tuple[str, str]:
    """(what failed, what to change) for the administrator's log line."""
    trusted = (
        f"LLM_CA_BUNDLE ({ca_bundle})"
        if ca_bundle
        else "the public certificate authorities (LLM_CA_BUNDLE is not set)"
    )
    if not isinstance(error, ssl.SSLCertVerificationError):
        problem = f"the TLS handshake failed ({error.reason or error})"
        return (
            problem,
            f"Is it serving HTTPS on that port? Certificates are checked against {trusted}.",
        )
    problem = f"certificate verification failed ({error.verify_message})"
    if error.verify_code in _NOT_THIS_HOST:
        return problem, (
            "The certificate is for another host: put the name it is issued for in "
            "LLM_BASE_URL, or have one issued for this host (LLM_CA_BUNDLE cannot change that)."
        )
    if error.verify_code in _OUT_OF_DATE:
        return problem, "Renew the endpoint's certificate (or check this server's clock)."
    if error.verify_code not in _NOT_TRUSTED:  # e.g. an invalid CA, a stricter check failed
        return problem, (
            f"The endpoint's certificate or its chain is not acceptable as issued (checked "
            f"against {trusted}): have it reissued, or fix the chain the endpoint serves."
        )
    if ca_bundle:
        return problem, (
            f"It was checked against {trusted} only: that file must hold the certificate "
            f"authority that signed the endpoint's certificate."
        )
    return problem, (
        f"It was checked against {trusted}: if the company's own certificate authority "
        f"signed it, set LLM_CA_BUNDLE to that authority's PEM file."
    )
