/**
 * Error collection for the gallery pages: everything that goes wrong on the page is written into
 * `#gallery-errors`, which the headless check reads from the DOM (Chromium's --dump-dom has no
 * console), so a page that renders but logged an error still fails the check.
 * @module
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

/** Reported before `#gallery-errors` existed; written out when it appears. */
const pending: string[] = [];

function append(el: HTMLElement, lines: string[]): void {
  el.textContent = [el.textContent ?? '', ...lines].filter((l) => l !== '').join('\n');
}

/** Adds `text` to the page's error list (`#gallery-errors`), after what is already there. */
export function reportError(text: string): void {
  const el = document.getElementById('gallery-errors');
  if (el) append(el, [text]);
  else pending.push(text);
}

/**
 * Reports uncaught errors and unhandled rejections; with `console: true` also every
 * `console.error` (React and @grafana/* log problems there without throwing).
 */
export function captureErrors(opts: { console?: boolean } = {}): void {
  window.addEventListener('error', (e) => reportError(`error: ${e.message}`));
  window.addEventListener('unhandledrejection', (e) =>
    reportError(`unhandled rejection: ${String(e.reason)}`),
  );
  if (opts.console) {
    const original = console.error.bind(console);
    console.error = (...args: unknown[]) => {
      reportError(`console.error: ${args.map(String).join(' ')}`);
      original(...args);
    };
  }
}

/** The element errors are listed in; render it once per page (or put it in the page's HTML). */
export function ErrorList(): ReactNode {
  return (
    <div
      id="gallery-errors"
      ref={(el) => {
        // React 19 reads a returned value as a cleanup function, so return nothing.
        if (el) append(el, pending.splice(0));
      }}
      style={{ color: '#ff5286', whiteSpace: 'pre-wrap', fontFamily: 'monospace' }}
    />
  );
}

/** Error boundary that shows the message in place and reports it with the component stack. */
export class Boundary extends Component<{ name: string; children: ReactNode }, { failed?: string }> {
  override state: { failed?: string } = {};
  static getDerivedStateFromError(error: Error) {
    return { failed: error.message };
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    reportError(`${this.props.name}: ${error.message}\n${info.componentStack ?? ''}`);
  }
  override render() {
    return this.state.failed ? <pre data-gallery-boundary>{this.state.failed}</pre> : this.props.children;
  }
}
