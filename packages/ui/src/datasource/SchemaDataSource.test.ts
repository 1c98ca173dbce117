/** @jest-environment jsdom */
import { CoreApp } from '@grafana/data';

import {
  OrdersDataSource,
  customersFrame,
  instanceSettings,
  stubBackend,
} from '../../test/datasource-harness';
import { ordersQuery } from '../../test/fixtures';

// Grafana's template service, with the dashboard variables of test/template-srv.ts.
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => ({ replace: jest.requireActual('../../test/template-srv').fakeReplace }),
}));

const ds = () => new OrdersDataSource(instanceSettings());

describe('SchemaDataSource', () => {
  it('starts a new query on the first operation of the schema it was given, with its defaults', () => {
    expect(ds().getDefaultQuery(CoreApp.Dashboard)).toEqual({
      operationId: 'listOrders',
      params: { limit: 100 },
    });
  });

  it('offers annotations through the normal query editor', () => {
    expect(ds().annotations).toEqual({});
  });

  describe('filterQuery', () => {
    it('runs a query that names an operation', () => {
      expect(ds().filterQuery(ordersQuery())).toBe(true);
    });

    it('skips hidden queries and queries without an operation', () => {
      expect(ds().filterQuery(ordersQuery({ hide: true }))).toBe(false);
      expect(ds().filterQuery(ordersQuery({ operationId: '' }))).toBe(false);
    });
  });

  describe('applyTemplateVariables', () => {
    it('replaces dashboard variables in parameters, arrays, nested objects, filters and shaping', () => {
      const query = ordersQuery({
        params: { status: '$status', region: ['${region}', 'us'], body: { shop: 'shop-$shop' }, limit: 50 },
        filters: [{ field: 'data.items.status', op: 'eq', value: '$status' }],
        rootPath: '$.data.$region',
      });
      const out = ds().applyTemplateVariables(query, {});
      expect(out.params).toEqual({
        status: 'paid',
        region: ['eu', 'us'],
        body: { shop: 'shop-berlin' },
        limit: 50,
      });
      expect(out.filters).toEqual([{ field: 'data.items.status', op: 'eq', value: 'paid' }]);
      expect(out.rootPath).toBe('$.data.eu');
    });

    it('prefers scoped variables (repeated panels) over dashboard variables', () => {
      const out = ds().applyTemplateVariables(ordersQuery({ params: { status: '$status' } }), {
        status: { text: 'shipped', value: 'shipped' },
      });
      expect(out.params.status).toBe('shipped');
    });

    it("leaves Grafana's bookkeeping and parameter names as they are", () => {
      const datasource = { type: 'acme-orders-datasource', uid: '$ds' };
      const out = ds().applyTemplateVariables(
        ordersQuery({ refId: '$status', datasource, hide: false, params: { $status: 'x' } }),
        {},
      );
      expect(out).toMatchObject({ refId: '$status', datasource, hide: false, params: { $status: 'x' } });
    });

    it('keeps unknown variables as written, so the backend error names them', () => {
      const out = ds().applyTemplateVariables(ordersQuery({ params: { status: '$nope' } }), {});
      expect(out.params.status).toBe('$nope');
    });
  });

  describe('metricFindQuery', () => {
    it('runs the operation with its parameters through the backend', async () => {
      const d = ds();
      const requests = stubBackend(d, { responses: [customersFrame()] });
      await d.metricFindQuery('listCustomers?region=eu&limit=10#name');
      expect(requests).toHaveLength(1);
      expect(requests[0]!.targets).toEqual([
        { refId: 'variable', operationId: 'listCustomers', params: { region: 'eu', limit: '10' } },
      ]);
    });

    it('offers the distinct values of the named field, skipping empty cells', async () => {
      const d = ds();
      stubBackend(d, { responses: [customersFrame()] });
      expect(await d.metricFindQuery('listCustomers#name')).toEqual([
        { text: 'Ada', value: 'Ada' },
        { text: 'Bo', value: 'Bo' },
      ]);
    });

    it('offers the first text field when no field is named', async () => {
      const d = ds();
      stubBackend(d, { responses: [customersFrame()] });
      expect((await d.metricFindQuery('listCustomers')).map((v) => v.text)).toEqual(['Ada', 'Bo']);
    });

    it('replaces variables in the variable query before running it (chained variables)', async () => {
      const d = ds();
      const requests = stubBackend(d, { responses: [customersFrame()] });
      const values = await d.metricFindQuery('listCustomers?region=$region#${shop}', {
        scopedVars: { shop: { text: 'region', value: 'region' } },
      });
      expect(requests[0]!.targets[0]!.params).toEqual({ region: 'eu' });
      expect(values.map((v) => v.text)).toEqual(['eu', 'us']);
      expect(requests[0]!.scopedVars).toEqual({ shop: { text: 'region', value: 'region' } });
    });

    it('uses the last response of a streamed answer', async () => {
      const d = ds();
      stubBackend(d, { responses: [{ data: [] }, customersFrame()] });
      expect(await d.metricFindQuery('listCustomers#region')).toEqual([
        { text: 'eu', value: 'eu' },
        { text: 'us', value: 'us' },
      ]);
    });

    it('offers nothing for a field the response lacks, or an empty query, without running it', async () => {
      const d = ds();
      const requests = stubBackend(d, { responses: [customersFrame()] });
      expect(await d.metricFindQuery('listCustomers#email')).toEqual([]);
      expect(await d.metricFindQuery('  ')).toEqual([]);
      expect(requests).toHaveLength(1);
    });

    it('fails with the backend error, so the variable editor shows it', async () => {
      const d = ds();
      stubBackend(d, { error: new Error('upstream 503') });
      await expect(d.metricFindQuery('listCustomers')).rejects.toThrow('upstream 503');
    });
  });
});
