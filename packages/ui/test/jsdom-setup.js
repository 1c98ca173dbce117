/* global window, document */
// Polyfills for @grafana/ui under jest-environment-jsdom (listed in the root jest.config.js
// `setupFiles`). It runs for every test file, so it does nothing outside jsdom: backend tests keep
// Node's real globals untouched.
if (typeof window !== 'undefined' && typeof document !== 'undefined') {
  const util = require('node:util');
  if (typeof globalThis.TextEncoder === 'undefined') globalThis.TextEncoder = util.TextEncoder;
  if (typeof globalThis.TextDecoder === 'undefined') globalThis.TextDecoder = util.TextDecoder;
  if (typeof window.matchMedia !== 'function') {
    // Grafana's theme and responsive components query media; jsdom has no layout, so nothing matches.
    window.matchMedia = (query) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener() {},
      removeListener() {},
      addEventListener() {},
      removeEventListener() {},
      dispatchEvent() {
        return false;
      },
    });
  }
  class NoopObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
    takeRecords() {
      return [];
    }
  }
  if (typeof window.ResizeObserver === 'undefined') window.ResizeObserver = NoopObserver;
  if (typeof window.IntersectionObserver === 'undefined') window.IntersectionObserver = NoopObserver;
  // i18next (through @grafana/i18n) advertises a product on init; keep test output readable.
  const info = console.info;
  console.info = (...args) => {
    if (typeof args[0] === 'string' && args[0].includes('i18next is made possible')) return;
    info(...args);
  };
  if (typeof window.HTMLElement.prototype.scrollIntoView !== 'function') {
    window.HTMLElement.prototype.scrollIntoView = function scrollIntoView() {};
  }
}
