"""The Welcome page: the article's total error, and a way to every page of the navigation."""

from streamlit.proto.PageLink_pb2 import PageLink

from ui.classroom.follow import BY_PATH
from ui.navigation import HOME, SECTIONS


def page_links(app) -> list[PageLink]:
    return [e.proto for e in app.main.get("page_link")]


def test_welcome_links_every_page_of_the_navigation_in_its_order(app):
    app.run()
    assert not app.exception
    pages = [e for entries in SECTIONS.values() for e in entries if e is not HOME]
    links = page_links(app)
    assert [link.page for link in links] == [e.url_path for e in pages]  # URL paths
    for link, entry in zip(links, pages):
        assert link.label.startswith(entry.title + ": ") and len(link.label) > len(entry.title) + 2
        assert link.icon == entry.icon


def test_each_page_the_welcome_page_links_opens_without_an_error(app):
    app.run()
    for link in page_links(app):
        app.switch_page(BY_PATH[link.page].path).run()
        assert not app.exception, link.page
        assert app.title, link.page


def test_welcome_names_the_article_it_follows_with_its_link(app):
    from ui.article import CITATION, URL

    app.run()
    text = "\n".join(m.value for m in app.main.markdown)
    assert CITATION in text and f"({URL})" in text
