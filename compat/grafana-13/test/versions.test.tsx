/** @jest-environment jsdom */
// Proves the compat run really uses @grafana/* 13.2.2 and React 19 — for this file, for the UI
// sources in packages/ui (which sit next to 12.4.10 + React 18) and for @grafana/ui itself.
import '@testing-library/jest-dom';
import { DataSourcePlugin } from '@grafana/data';
import grafanaData from '@grafana/data/package.json';
import grafanaI18n from '@grafana/i18n/package.json';
import grafanaRuntime from '@grafana/runtime/package.json';
import grafanaSchema from '@grafana/schema/package.json';
import grafanaUi from '@grafana/ui/package.json';
import { render, screen } from '@testing-library/react';
import fs from 'node:fs';
import path from 'node:path';
import * as React from 'react';
import reactDom from 'react-dom/package.json';

import { HealthDetails } from '../../../packages/ui/src';
import { plugin } from '../../../packages/ui/test/example/module';

const GRAFANA_PACKAGES = [grafanaData, grafanaUi, grafanaRuntime, grafanaSchema, grafanaI18n];

describe('the compatibility run', () => {
  it('runs React 19 and react-dom 19', () => {
    expect(React.version).toMatch(/^19\./);
    expect(reactDom.version).toBe(React.version);
  });

  it('loads every @grafana package at exactly 13.2.2', () => {
    expect(GRAFANA_PACKAGES.map((p) => `${p.name}@${p.version}`)).toEqual([
      '@grafana/data@13.2.2',
      '@grafana/ui@13.2.2',
      '@grafana/runtime@13.2.2',
      '@grafana/schema@13.2.2',
      '@grafana/i18n@13.2.2',
    ]);
  });

  it('gives the UI sources the same React 19 (their JSX makes React 19 elements)', () => {
    // packages/ui/test/inline-svg-stub.js (mapped for react-inlinesvg) requires `react` from
    // packages/ui: React 18 would tag elements 'react.element', React 19 'react.transitional.element'.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the stub has no types here
    const InlineSVG = require('react-inlinesvg') as (props: object) => { $$typeof: symbol };
    expect(InlineSVG({}).$$typeof).toBe(Symbol.for('react.transitional.element'));
  });

  it('gives the UI sources the same @grafana/data 13.2.2 instance', () => {
    expect(plugin).toBeInstanceOf(DataSourcePlugin);
  });

  it('renders a UI component with hooks through React 19 (one React instance)', () => {
    render(<HealthDetails status="OK" message="Data source is working" details={{ uid: 'x' }} />);
    expect(screen.getByText('Data source is working')).toBeInTheDocument();
  });

  it('lets @grafana/ui 13.2.2 see the same react and react-dom as the tests', () => {
    const ui = fs.realpathSync(path.join(__dirname, '../node_modules/@grafana/ui'));
    // pnpm puts a package's own dependencies beside it: <store>/node_modules/@grafana/ui → ../../react
    for (const dep of ['react', 'react-dom']) {
      const seenByUi = fs.realpathSync(path.join(ui, '../..', dep));
      const ours = fs.realpathSync(path.join(__dirname, '../node_modules', dep));
      expect(seenByUi).toBe(ours);
    }
  });
});
