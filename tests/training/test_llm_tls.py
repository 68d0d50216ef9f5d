"""An intranet model served over HTTPS with the company's own certificate authority.

A throw-away certificate authority and server certificates are made here with `cryptography`;
the fake model server (tests/fake_llm.py) serves HTTPS on loopback with them.
"""

import datetime
import ipaddress
import logging
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.fake_llm import FakeModelServer
from training import llm, llm_tls

MESSAGES = [
    {"role": "system", "content": "你是一位双11包裹丢失的顾客。"},
    {"role": "user", "content": "亲，您好，请问有什么可以帮您？"},
]
SECRET_WORDS = "包裹丢失"  # from the messages: must never reach the log


# --- A throw-away certificate authority ------------------------------------------------------


def _now():
    return datetime.datetime.now(datetime.UTC)


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def make_ca(name: str = "示例公司 内部根证书", *, is_ca: bool = True) -> tuple:
    """A self-signed certificate authority (shaped as strict OpenSSL/Python 3.13 checks want):
    (certificate, private key). `is_ca=False`: one whose certificate may not sign others."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - datetime.timedelta(days=1))
        .not_valid_after(_now() + datetime.timedelta(days=365))
        .add_extension(
            x509.BasicConstraints(ca=is_ca, path_length=0 if is_ca else None), critical=True
        )
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=is_ca,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    return cert, key


def issue(
    ca: tuple, directory: Path, name: str, *, hosts=("127.0.0.1", "localhost"), expired=False
) -> tuple[str, str]:
    """A server certificate for `hosts` (IP or DNS names) signed by `ca`: (certfile, keyfile)."""
    ca_cert, ca_key = ca
    key = ec.generate_private_key(ec.SECP256R1())
    names = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    ends = _now() - datetime.timedelta(days=1) if expired else _now() + datetime.timedelta(days=90)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_now() - datetime.timedelta(days=30))
        .not_valid_after(ends)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    certfile, keyfile = directory / f"{name}.pem", directory / f"{name}.key"
    certfile.write_bytes(_pem(cert))
    keyfile.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(certfile), str(keyfile)


def write_ca(ca: tuple, path: Path) -> str:
    path.write_bytes(_pem(ca[0]))
    return str(path)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """The company's CA (its PEM file) and certificates it issued, as files."""
    directory = tmp_path_factory.mktemp("pki")
    ca = make_ca()
    not_a_ca = make_ca("不是证书颁发机构", is_ca=False)
    return {
        "ca_file": write_ca(ca, directory / "company-ca.pem"),
        "other_ca_file": write_ca(make_ca("另一家公司的根证书"), directory / "other-ca.pem"),
        "server": issue(ca, directory, "server"),
        "localhost_only": issue(ca, directory, "localhost-only", hosts=("localhost",)),
        "other_host": issue(ca, directory, "other-host", hosts=("models.other.internal",)),
        "expired": issue(ca, directory, "expired", expired=True),
        "not_a_ca_file": write_ca(not_a_ca, directory / "not-a-ca.pem"),
        "from_not_a_ca": issue(not_a_ca, directory, "from-not-a-ca"),
    }


@pytest.fixture
def https_llm(settings, pki):
    """Starts a fake model over HTTPS with the given certificate; the LLM_* settings on it."""
    servers = []

    def start(certificate="server", *, ca_bundle="ca_file", host="127.0.0.1"):
        server = FakeModelServer(tls=pki[certificate]).start()
        servers.append(server)
        settings.LLM_BASE_URL = server.base_url.replace("127.0.0.1", host)
        settings.LLM_MODEL = server.model
        settings.LLM_API_KEY = ""
        settings.LLM_CA_BUNDLE = pki[ca_bundle] if ca_bundle else ""
        settings.LLM_TIMEOUT_SECONDS = 2.0
        settings.LLM_MAX_RETRIES = 2  # a TLS failure must not use them
        settings.LLM_RETRY_BACKOFF_SECONDS = 0.05
        return server

    yield start
    for server in servers:
        server.stop()


# --- With the company's certificate authority ------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_with_the_company_ca_the_model_answers_over_https(https_llm, host):
    server = https_llm(host=host)
    assert server.base_url.startswith("https://")
    server.reply("我的快递三天没动了！")
    server.stream(["我的", "快递", "丢了！"])
    server.json({"score": 3})

    assert llm.complete(MESSAGES).text == "我的快递三天没动了！"
    assert list(llm.stream(MESSAGES)) == ["我的", "快递", "丢了！"]
    assert llm.complete_json(MESSAGES) == {"score": 3}
    assert len(server.requests) == 3
    assert server.tls_failures == 0


def test_the_bundle_is_the_only_authority_trusted(pki):
    # "In addition to nothing else": certifi's public authorities are not loaded beside it.
    context = llm_tls.trust_context(pki["ca_file"])

    (authority,) = context.get_ca_certs()
    assert dict(part[0] for part in authority["subject"])["commonName"] == "示例公司 内部根证书"


# --- Certificates that are not trusted -------------------------------------------------------

CALLS = {
    "complete": lambda: llm.complete(MESSAGES),
    "stream": lambda: list(llm.stream(MESSAGES)),
    "complete_json": lambda: llm.complete_json(MESSAGES),
}


def _fails_once_with_the_unreachable_wording(server, call, caplog) -> str:
    """Runs `call`; asserts the learner's wording and that nothing was retried; the log text."""
    with (
        caplog.at_level(logging.DEBUG, logger="training.llm"),
        pytest.raises(llm.ModelUnavailable) as raised,
    ):
        CALLS[call]()

    assert isinstance(raised.value, llm.ModelTLSError)
    assert raised.value.user_message == llm.ModelUnavailable.user_message
    assert server.requests == []  # nothing was sent: the handshake failed
    assert server.tls_handshakes == 1  # and it was not tried again
    deadline = time.monotonic() + 2  # the server sees the client's alert a moment later
    while server.tls_failures < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.tls_failures == 1  # the client refused the certificate
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 1  # one line for the administrator
    assert SECRET_WORDS not in caplog.text
    return errors[0].getMessage()


@pytest.mark.parametrize("call", CALLS)
def test_without_the_bundle_the_log_says_set_llm_ca_bundle(https_llm, caplog, call):
    server = https_llm(ca_bundle=None)

    line = _fails_once_with_the_unreachable_wording(server, call, caplog)

    assert "certificate verification failed" in line
    assert "unable to get local issuer certificate" in line
    assert "set LLM_CA_BUNDLE" in line
    assert "Not tried again" in line


def test_a_bundle_with_another_authority_is_named_in_the_log(https_llm, caplog, pki):
    server = https_llm(ca_bundle="other_ca_file")

    line = _fails_once_with_the_unreachable_wording(server, "complete", caplog)

    assert "certificate verification failed" in line
    assert f"LLM_CA_BUNDLE ({pki['other_ca_file']}) only" in line


@pytest.mark.parametrize(
    ("certificate", "host", "mismatch"),
    [
        ("other_host", "127.0.0.1", "IP address mismatch"),
        ("other_host", "localhost", "Hostname mismatch"),
        ("localhost_only", "127.0.0.1", "IP address mismatch"),
    ],
)
def test_a_certificate_for_another_host_fails(https_llm, caplog, certificate, host, mismatch):
    server = https_llm(certificate, host=host)

    line = _fails_once_with_the_unreachable_wording(server, "complete", caplog)

    assert "certificate verification failed" in line
    assert mismatch in line
    assert "for another host" in line
    assert "LLM_CA_BUNDLE cannot change that" in line


def test_an_expired_certificate_says_renew_it(https_llm, caplog):
    server = https_llm("expired")

    line = _fails_once_with_the_unreachable_wording(server, "stream", caplog)

    assert "certificate has expired" in line
    assert "Renew the endpoint's certificate" in line


def test_a_certificate_from_an_invalid_authority_asks_to_reissue_it(https_llm, caplog, pki):
    server = https_llm("from_not_a_ca", ca_bundle="not_a_ca_file")

    line = _fails_once_with_the_unreachable_wording(server, "complete", caplog)

    assert "certificate verification failed" in line
    assert "not acceptable as issued" in line
    assert f"LLM_CA_BUNDLE ({pki['not_a_ca_file']})" in line


def test_https_to_a_server_that_speaks_plain_http_is_not_tried_again(fake_llm, settings, caplog):
    settings.LLM_BASE_URL = fake_llm.base_url.replace("http://", "https://")

    with caplog.at_level(logging.INFO, logger="training.llm"), pytest.raises(llm.ModelTLSError):
        llm.complete(MESSAGES)

    assert fake_llm.requests == []  # what arrived was a TLS hello, not a request
    assert "the TLS handshake failed" in caplog.text
    assert "Is it serving HTTPS on that port?" in caplog.text
    assert "tries=1 " in caplog.text


def test_a_bundle_gone_since_the_start_sends_nothing_and_says_so(
    https_llm, settings, caplog, tmp_path, pki
):
    server = https_llm()
    bundle = tmp_path / "company-ca.pem"
    bundle.write_bytes(Path(pki["ca_file"]).read_bytes())
    settings.LLM_CA_BUNDLE = str(bundle)
    bundle.unlink()  # e.g. moved by a configuration change after the start

    with (
        caplog.at_level(logging.INFO, logger="training.llm"),
        pytest.raises(llm.ModelTLSError) as raised,
    ):
        llm.complete(MESSAGES)

    assert raised.value.user_message == llm.ModelUnavailable.user_message
    assert server.tls_handshakes == 0
    assert "LLM_CA_BUNDLE must be a PEM file" in caplog.text
    assert f"{bundle} does not exist" in caplog.text
