// Stands in for react-inlinesvg under jest: @grafana/ui icons fetch their SVG asynchronously,
// which jsdom cannot do and which updates state outside act(). Renders an empty <svg> instead.
const React = require('react');

function InlineSVG(props) {
  return React.createElement('svg', { 'data-testid': props['data-testid'], className: props.className });
}
module.exports = InlineSVG;
module.exports.default = InlineSVG;
module.exports.__esModule = true;
