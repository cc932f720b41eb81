"""JavaScript the browser tests and the map benchmark evaluate in the page."""

# true once the map shows exactly the expected {"geo|loc": "rgb(...)"} fills
FILLS_ARE = """(expected) => {
    const paths = document.querySelectorAll('#map-graph path.choroplethlocation');
    if (paths.length !== Object.keys(expected).length) return false;
    for (const p of paths) {
        const geo = p.closest('g.geo').classList.contains('geo2') ? 'geo2' : 'geo';
        if (!p.__data__ || expected[geo + '|' + p.__data__.loc] !== getComputedStyle(p).fill) return false;
    }
    return true;
}"""
