"""The printable certificate: one A4 landscape page in Chinese fonts, with a QR code to its
verification page, for the holder and those who may see them; stamped when no longer valid."""

import datetime
import io
import re

import pypdf
import pytest
import segno
from django.core import checks
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from certification.printable import QR_OPTIONS, certificate_context
from certification.services import certificate_issue, certificate_revoke
from tests.factories import PASSWORD, TeamFactory, make_person
from training import pdf
from training.roles import Role


@pytest.fixture
def holder():
    return make_person(name="赵敏", team=TeamFactory(name="售后一组"))


@pytest.fixture
def certificate(programme, holder):
    return certificate_issue(person=holder, programme=programme, issued_at=timezone.now())


def download(client, viewer, certificate):
    client.login(email=viewer.email, password=PASSWORD)
    return client.get(reverse("certificate_pdf", args=[certificate.code]))


def read(response) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(response.content))


def text_of(response) -> str:
    return "".join(page.extract_text() for page in read(response).pages)


def text_lines(response) -> list[tuple[float, str]]:
    """Each piece of text on the first page with its height on the page (points from the
    bottom)."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((tm[5] * cm[3] + cm[5], text))

    read(response).pages[0].extract_text(visitor_text=visit)
    return found


def font_names(reader: pypdf.PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(f"embedded:{descendant.get_object()['/BaseFont']}")
    return names


@pytest.mark.django_db
def test_the_holder_downloads_one_landscape_page_with_their_name_programme_and_dates(
    client, certificate
):
    response = download(client, certificate.person, certificate)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="certificate-{certificate.code}.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    reader = read(response)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert round(float(box.width) * 25.4 / 72) == 297  # A4: 297 mm across
    text = text_of(response)
    assert "赵敏" in text and "上岗认证" in text
    local = timezone.get_default_timezone()
    assert certificate.issued_at.astimezone(local).strftime("%Y-%m-%d") in text
    assert certificate.expires_at.astimezone(local).strftime("%Y-%m-%d") in text
    assert certificate.code in text
    assert "EXPIRED" not in text and "REVOKED" not in text


@pytest.mark.django_db
def test_long_names_still_fit_on_one_page(client, programme):
    programme.name = "社媒客服与投诉处理高级专员综合能力认证" * 5  # 95 characters
    programme.save()
    person = make_person(name="阿卜杜热合曼·买买提艾力·库尔班江" * 4)
    certificate = certificate_issue(person=person, programme=programme)
    response = download(client, person, certificate)
    assert len(read(response).pages) == 1
    text = "".join(text_of(response).split())
    assert person.name in text and programme.name in text and certificate.code in text
    # …and above the QR code and its caption at the foot of the page, not over them.
    lines = text_lines(response)
    lowest = min(y for y, line in lines if "社媒客服" in line or "库尔班江" in line)
    caption = max(y for y, line in lines if "Scan to check" in line)
    qr_height = 34 * 72 / 25.4
    assert lowest > caption + qr_height


@pytest.mark.django_db
def test_the_simplified_chinese_font_is_embedded(client, certificate):
    names = font_names(read(download(client, certificate.person, certificate)))
    # SC: Simplified Chinese glyph shapes (the JP and KR cuts draw some characters otherwise).
    assert any(name.startswith("embedded:") and "CJK-SC" in name for name in names), names


@pytest.mark.django_db
def test_the_qr_code_and_its_link_lead_to_the_verification_page(client, certificate):
    url = f"http://testserver/verify/{certificate.code}/"
    request = RequestFactory().get("/")
    context = certificate_context(request, certificate)
    assert context["verification_url"] == url
    # The SVG drawn is the QR code of exactly that address.
    expected = segno.make(url, **QR_OPTIONS).svg_inline(scale=4, border=0)
    drawn = re.search(r'd="([^"]+)"', str(context["qr_svg"])).group(1)
    assert drawn == re.search(r'd="([^"]+)"', expected).group(1)

    page = read(download(client, certificate.person, certificate)).pages[0]
    links = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", [])]
    assert links and set(links) == {url}


@pytest.mark.django_db
def test_an_expired_or_revoked_certificate_is_stamped_so(client, programme):
    old = certificate_issue(
        person=make_person(),
        programme=programme,
        issued_at=timezone.now() - datetime.timedelta(days=400),
    )
    text = text_of(download(client, old.person, old))
    assert "EXPIRED" in text and "This certificate has expired." in text

    admin = make_person(role=Role.ADMINISTRATOR)
    revoked = certificate_issue(person=make_person(), programme=programme)
    certificate_revoke(certificate=revoked, actor=admin, reason="考核作弊")
    text = text_of(download(client, revoked.person, revoked))
    assert "REVOKED" in text
    assert f"revoked on {timezone.localdate().isoformat()}" in text
    assert "考核作弊" not in text


@pytest.mark.django_db
def test_managers_of_the_team_trainers_and_administrators_may_download_it(
    client, certificate, holder
):
    manager = make_person(role=Role.MANAGER, team=holder.profile.team)
    for viewer in (manager, make_person(role=Role.TRAINER), make_person(role=Role.ADMINISTRATOR)):
        assert download(client, viewer, certificate).status_code == 200
        client.logout()


@pytest.mark.django_db
def test_anyone_else_gets_a_404(client, certificate):
    other_learner = make_person()
    other_manager = make_person(role=Role.MANAGER)  # of another team
    for viewer in (other_learner, other_manager):
        response = download(client, viewer, certificate)
        assert response.status_code == 404
        assert not response.content.startswith(b"%PDF")
        client.logout()
    response = client.get(reverse("certificate_pdf", args=[certificate.code]))
    assert response.status_code == 302  # logged out: to the log-in page
    assert download(client, certificate.person, certificate).status_code == 200
    assert client.get(reverse("certificate_pdf", args=["no-such-code"])).status_code == 404


@pytest.mark.django_db
def test_my_training_links_the_pdf_and_the_public_page_does_not(client, certificate):
    client.login(email=certificate.person.email, password=PASSWORD)
    pdf_url = reverse("certificate_pdf", args=[certificate.code])
    assert pdf_url in client.get(reverse("my_training")).content.decode()
    client.logout()
    verify = client.get(reverse("certificate_verify", args=[certificate.code]))
    assert pdf_url not in verify.content.decode()


@pytest.mark.django_db
def test_the_member_page_and_the_admin_inspect_view_link_the_pdf(client, certificate, holder):
    manager = make_person(role=Role.MANAGER, team=holder.profile.team)
    pdf_url = reverse("certificate_pdf", args=[certificate.code])
    client.login(email=manager.email, password=PASSWORD)
    assert pdf_url in client.get(reverse("team_member", args=[holder.pk])).content.decode()
    client.logout()
    admin = make_person(role=Role.ADMINISTRATOR)
    client.login(email=admin.email, password=PASSWORD)
    inspect = client.get(reverse("certification_certificate:inspect", args=[certificate.pk]))
    assert pdf_url in inspect.content.decode()


def test_the_renderer_fetches_nothing_from_outside(settings, monkeypatch):
    opened = []

    def no_network(*args, **kwargs):
        opened.append(args)
        raise OSError("network used while rendering")

    monkeypatch.setattr("socket.create_connection", no_network)
    fetcher = pdf.site_url_fetcher("http://testserver/")
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "https://evil.example/track.png",
        "http://testserver/media/secret.pdf",
        "http://testserver/static/../training/settings.py",
        "file:///etc/passwd",
        "ftp://testserver/static/css/site.css",
    ):
        with pytest.raises(pdf.RefusedURL):
            fetcher.fetch(url)
    # The site's own static files and data: URIs are read without the network.
    css = fetcher.fetch("http://testserver/static/css/site.css")
    assert css.read().strip() and css.content_type == "text/css"
    assert fetcher.fetch("data:text/plain;base64,5Lit5paH").read() == "中文".encode()

    # A hostile address in the content renders without it, and nothing was opened.
    html = (
        '<p>证书</p><img src="http://169.254.169.254/latest/meta-data/">'
        '<link rel="stylesheet" href="https://evil.example/a.css">'
    )
    document = pdf._weasyprint().HTML(
        string=html, base_url="http://testserver/", url_fetcher=fetcher
    )
    assert document.write_pdf().startswith(b"%PDF")
    assert opened == []


@pytest.mark.django_db
def test_without_weasyprints_libraries_the_link_explains_and_a_check_warns(
    client, certificate, monkeypatch
):
    def missing():
        raise pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "_weasyprint", missing)
    response = download(client, certificate.person, certificate)
    assert response.status_code == 503
    assert "The PDF cannot be made here" in response.content.decode()
    assert "training.W001" in [message.id for message in checks.run_checks()]
    monkeypatch.undo()
    assert "training.W001" not in [message.id for message in checks.run_checks()]


@pytest.mark.django_db
def test_in_chinese_it_is_headed_and_dated_in_chinese(client, programme, holder):
    programme.validity_months = None
    programme.save()
    certificate = certificate_issue(person=holder, programme=programme)
    client.cookies["django_language"] = "zh-hans"
    text = "".join(text_of(download(client, holder, certificate)).split())  # letter-spaced
    assert "证书" in text
    assert "客服学院" in text  # the site's name
    assert "长期有效" in text  # never expires
    assert "赵敏" in text


@pytest.mark.django_db
def test_the_content_security_policy_lets_chromes_pdf_viewer_show_it(client, certificate):
    policy = download(client, certificate.person, certificate)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["object-src"] == "'self'"  # Chrome's viewer is an <embed>
    assert "'unsafe-inline'" in directives["style-src"]
    assert "'unsafe-inline'" not in directives["script-src"]


@pytest.mark.django_db
def test_the_admin_inspect_view_says_empty_values_in_words(client, certificate):
    admin = make_person(role=Role.ADMINISTRATOR)
    client.login(email=admin.email, password=PASSWORD)
    page = client.get(reverse("certification_certificate:inspect", args=[certificate.pk]))
    values = re.findall(r"<dd[^>]*>\s*(.*?)\s*</dd>", page.content.decode(), re.S)
    assert values and "None" not in values and "[]" not in values
    assert "—" in values  # issued automatically: no issuer, no evidence here
