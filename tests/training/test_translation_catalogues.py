"""The translation catalogues: one meaning per word, and Wagtail's English covered in Chinese.

Django merges every app's catalogue into one: a msgid translated differently in two apps
shows one of the two translations everywhere (a team's name read "姓名", a person's, because
training's "name" won). A word with two meanings needs a context (pgettext).
"""

import ast
import json
from collections import defaultdict
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from roleplay.blocks import CriterionBlock
from tests.factories import make_person
from training.models import Team, User
from training.roles import Role

ROOT = Path(__file__).resolve().parents[2]


def catalogues() -> list[Path]:
    return sorted(
        path
        for path in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")
        if ".venv" not in path.parts
    )


def test_a_word_reads_the_same_in_every_catalogue_unless_its_context_differs():
    translations = defaultdict(dict)
    for path in catalogues():
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            text = entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr
            translations[(entry.msgctxt, entry.msgid)][str(path.relative_to(ROOT))] = text
    clashes = {key: found for key, found in translations.items() if len(set(found.values())) > 1}
    assert clashes == {}


def test_a_name_says_whose_name_it_is():
    with translation.override("zh-hans"):
        assert str(User._meta.get_field("name").verbose_name) == "姓名"
        assert str(Team._meta.get_field("name").verbose_name) == "团队名称"
        assert str(CriterionBlock().child_blocks["name"].label) == "评分项名称"


def _wagtail_msgids() -> list[tuple[str, str | None]]:
    tree = ast.parse((ROOT / "training" / "wagtail_strings.py").read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "gettext_noop":
            found.append((node.args[0].value, None))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "ngettext_lazy":
            found.append((node.args[0].value, node.args[1].value))
    return found


@pytest.mark.parametrize(("singular", "plural"), _wagtail_msgids())
def test_wagtails_untranslated_strings_read_in_chinese(singular, plural):
    with translation.override("zh-hans"):
        if plural:
            shown = translation.ngettext(singular, plural, 2)
        else:
            shown = translation.gettext(singular)
    assert shown not in (singular, plural)
    assert any("\u4e00" <= character <= "\u9fff" for character in shown)


@pytest.mark.django_db
def test_the_admins_javascript_strings_read_in_chinese(client):
    client.force_login(make_person(Role.TRAINER))
    catalogue = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode("utf-8")
    js = polib.pofile(str(ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "djangojs.po"))
    for entry in js:  # Wagtail's autosave, readability and block-editor messages
        text = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
        assert json.dumps(text)[1:-1] in catalogue, entry.msgid


# Our catalogues come before Wagtail's, allauth's and Django's: a plain msgid we translate is
# how that word reads in their screens too. These we mean to read our way everywhere; any
# other word of ours that those libraries also translate, differently, needs a context, or
# the page explorer's "Pages" reads "分页" and its "All types" "全部题型".
OUR_WORDING_EVERYWHERE = {
    "Actions": "操作",
    "Administration": "管理后台",
    "Awaiting your review": "等待您评审",
    "Filter": "筛选",
    "Format": "格式",
    "History": "历史记录",
    "Latest": "最近一次",
    "Log out": "退出登录",
    "Not started": "未开始",
    "Note": "备注",
    "Page not found": "找不到页面",
    "Phone": "电话",
    "Search term": "搜索词",
    "active": "启用",
    "created": "创建时间",
    "finished at": "完成时间",
    "key": "事件标识",
    "started at": "开始时间",
}


def _library_translations() -> dict[str, set[str]]:
    site_packages = Path(polib.__file__).resolve().parent
    found = defaultdict(set)
    for library in ("wagtail", "allauth", "django"):
        for path in (site_packages / library).glob("**/locale/zh_Hans/LC_MESSAGES/django.po"):
            for entry in polib.pofile(str(path)):
                if entry.msgstr and not entry.msgctxt and not entry.msgid_plural:
                    found[entry.msgid].add(entry.msgstr)
    return found


def test_our_words_do_not_change_what_wagtail_allauth_and_django_say():
    theirs = _library_translations()
    changed = {}
    for path in catalogues():
        for entry in polib.pofile(str(path)):
            if entry.obsolete or entry.msgctxt or entry.msgid_plural or not entry.msgstr:
                continue
            differs = entry.msgid in theirs and entry.msgstr not in theirs[entry.msgid]
            if differs and OUR_WORDING_EVERYWHERE.get(entry.msgid) != entry.msgstr:
                changed[entry.msgid] = (entry.msgstr, sorted(theirs[entry.msgid]))
    assert changed == {}


@pytest.mark.django_db
def test_the_admin_menu_says_pages_not_pagination(client):
    client.force_login(make_person(Role.TRAINER))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    menu = client.get(reverse("wagtailadmin_home")).content.decode("utf-8")
    assert "页面" in menu and "分页" not in menu
    with translation.override("zh-hans"):
        assert translation.gettext("Pages") == "页面"
        assert translation.gettext("Continue") == "继续"
        assert translation.gettext("Locked") == "已锁定"
