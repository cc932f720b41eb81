// Vigía map: everything a year change needs happens here, in the browser (no request to the server).

// Put state chosen in the browser into the URL (without reloading) and into the language switch, so a
// copied link or a language change keeps the view.
function vigiaSetQuery(values) {
  var params = new URLSearchParams(window.location.search);
  Object.keys(values).forEach(function (key) { params.set(key, values[key]); });
  window.history.replaceState(null, "", window.location.pathname + "?" + params.toString());
  var other = (params.get("lang") || "es") === "en" ? "es" : "en";
  params.set("lang", other);
  var link = document.getElementById("lang-switch");
  if (link) { link.setAttribute("href", window.location.pathname + "?" + params.toString()); }
}

window.dash_clientside = Object.assign({}, window.dash_clientside, {
  vigia: {
    showYear: function (year, figure, texts, indicator, downloads) {
      var none = window.dash_clientside.no_update;
      if (!figure || !figure.frames) { return [none, "", "", none, none, none, none]; }
      var frame = figure.frames.find(function (f) { return f.name === String(year); }) || figure.frames[figure.frames.length - 1];
      vigiaSetQuery({indicator: indicator, year: frame.name});
      var text = (texts && texts[frame.name]) || {summary: "", table: ""};
      // the download links name the year and indicator on show
      var links = (downloads || []).map(function (child) {
        if (!child || !child.props || !child.props.href) { return child; }
        var url = new URL(child.props.href, window.location.origin);
        url.searchParams.set("year", frame.name);
        url.searchParams.set("indicator", indicator);
        return Object.assign({}, child, {props: Object.assign({}, child.props, {href: url.pathname + url.search})});
      });
      // the citation cites the year on show and gives the address of this very view
      return [{data: frame.data, layout: figure.layout}, text.summary, text.table, links,
              text.citation || none, window.location.href, text.more === undefined ? none : text.more];
    },
    togglePlay: function (clicks, disabled) {
      return [!disabled, disabled ? "true" : "false"];
    },
    nextYear: function (n, year, figure) {
      var years = figure.layout.meta.years;
      var i = years.indexOf(year);
      if (i < 0 || i >= years.length - 1) { return [years[years.length - 1], true]; }
      return [years[i + 1], i + 1 >= years.length - 1];
    },
    indicatorQuery: function (regions, tab) {
      vigiaSetQuery({regions: (regions || []).join(","), tab: tab});
      return window.location.href;  // the citation's address: this very view
    },
    openRegion: function (click, lang) {
      if (click && click.points && click.points.length && click.points[0].location) {
        var id = click.points[0].location;
        if (/^PE-[A-Z]{3}$/.test(id)) { window.location.assign("/region/" + id + "?lang=" + lang); }
      }
      return null;
    }
  }
});
