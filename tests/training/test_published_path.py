import pytest
from wagtail.models import Page

from training.pages import is_published_path

pytestmark = pytest.mark.django_db


def _child(parent, title, *, live=True):
    page = Page(title=title, live=live)
    parent.add_child(instance=page)
    return page


def test_a_live_page_under_live_parents_is_published():
    root = Page.get_first_root_node()
    course = _child(root, "course")
    item = _child(course, "quiz")
    assert is_published_path(item)


def test_a_live_page_under_an_unpublished_parent_is_not_published():
    root = Page.get_first_root_node()
    course = _child(root, "course", live=False)
    module = _child(course, "module")
    item = _child(module, "quiz")
    assert not is_published_path(item)


def test_an_unpublished_page_is_not_published():
    root = Page.get_first_root_node()
    course = _child(root, "course")
    assert not is_published_path(_child(course, "quiz", live=False))
