import Handlebars from 'handlebars';

import { exportFileName, fillPath, isTemplate } from './file-names';
import { HELPERS, registerHelpers } from './helpers';
import { banner, ownerOf } from './ownership';

const opts = {}; // Handlebars' options argument, which the helpers ignore

describe('template helpers', () => {
  it('lowerCase lowers and upperCase raises', () => {
    expect(HELPERS.lowerCase('Orders API')).toBe('orders api');
    expect(HELPERS.upperCase('Orders API')).toBe('ORDERS API');
  });

  it('case helpers make identifiers from names', () => {
    expect(HELPERS.pascalCase('orders api')).toBe('OrdersApi');
    expect(HELPERS.camelCase('list-orders')).toBe('listOrders');
    expect(HELPERS.pascalCase('2fa codes')).toBe('Op2faCodes');
  });

  it('string helpers escape quotes and newlines', () => {
    expect(HELPERS.tsString("it's\na")).toBe("'it\\'s\\na'");
    expect(HELPERS.yamlString('a "b"')).toBe('"a \\"b\\""');
    expect(HELPERS.json({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(HELPERS.jsonInline([1])).toBe('[1]');
  });

  it('logic helpers compare and combine', () => {
    expect(HELPERS.eq('a', 'a')).toBe(true);
    expect(HELPERS.eq('1', 1)).toBe(false);
    expect(HELPERS.or(false, 'x', opts)).toBe(true);
    expect(HELPERS.or(false, 0, opts)).toBe(false);
    expect(HELPERS.and(true, 1, opts)).toBe(true);
    expect(HELPERS.and(true, '', opts)).toBe(false);
    expect(HELPERS.not('')).toBe(true);
    expect(HELPERS.concat('a', 1, opts)).toBe('a1');
  });

  it('are registered on a Handlebars instance', () => {
    const hb = Handlebars.create();
    registerHelpers(hb);
    expect(
      hb.compile('{{upperCase name}} {{#if (eq kind "graphql")}}gql{{/if}}')({ name: 'x', kind: 'graphql' }),
    ).toBe('X gql');
  });
});

describe('template file names', () => {
  it('stores tool-sensitive files under safe names and strips .hbs', () => {
    expect(exportFileName('_package.json.hbs')).toBe('package.json');
    expect(exportFileName('gitignore')).toBe('.gitignore');
    expect(exportFileName('src/backend/main.ts.hbs')).toBe('src/backend/main.ts');
    expect(isTemplate('a.ts.hbs')).toBe(true);
    expect(isTemplate('logo.svg')).toBe(false);
    expect(fillPath('provisioning/datasources/__id__.yaml', { id: 'acme-orders-datasource' })).toBe(
      'provisioning/datasources/acme-orders-datasource.yaml',
    );
  });
});

describe('ownership', () => {
  it('manages .config and generated code and leaves the rest to the user', () => {
    expect(ownerOf('.config/jest.config.js')).toBe('managed');
    expect(ownerOf('src/generated/operations.ts')).toBe('managed');
    expect(ownerOf('src/backend/hooks.ts')).toBe('user');
    expect(ownerOf('src/generated.ts')).toBe('user');
    expect(banner('src/generated/types.ts')).toContain('DO NOT EDIT');
    expect(banner('src/generated/schema.json')).toBe('');
  });
});
