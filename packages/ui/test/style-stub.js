// Stands in for stylesheets that @grafana/ui imports; jsdom tests need no CSS.
module.exports = {};
