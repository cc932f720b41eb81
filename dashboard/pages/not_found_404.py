import dash
from dash import dcc, html

from dashboard import i18n
from dashboard.shell import page, titled
from dashboard.urlstate import href, lang_of

dash.register_page(__name__, path="/404",
                   title=titled("not_found_title"), order=6, nav=None, warm=False, embeddable=False)


def layout(lang=None, **_):
    lang = lang_of(lang)
    return page(lang, "/", {}, [], html.H1(i18n.t(lang, "not_found")),
                dcc.Link(i18n.t(lang, "back_home"), href=href("/", lang=lang)))
