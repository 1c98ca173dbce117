import { allowed, globToRegExp, parseAllowlist, scanText } from '../../src/certify/scan/scan';
import { redact, shannon } from '../../src/certify/scan/rules';

// Test tokens are assembled at run time so this file does not itself trip secret scanners.
const ghp = 'ghp' + '_' + 'R8vKq2LmXo9TzW4pYs7bNc1dFh6jAe3gUi5Q';
const aws = 'AKIA' + 'QWERTYUIOPASDFGH';
const glsa = 'glsa' + '_' + 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE' + '_' + '0a1b2c3d';
const slack = 'xoxb' + '-' + '1234567890-0987654321-AbCdEfGhIjKlMnOp';
const pem = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7'.repeat(2),
  '-----END PRIVATE KEY-----',
].join('\n');

const rules = (text: string, code = true) => scanText(text, 'src/x.ts', code).map((f) => f.rule);

describe('credential scanner', () => {
  it.each([
    ['a GitHub token', `const t = '${ghp}';`, 'github-token'],
    ['an AWS access key id', `key: "${aws}"`, 'aws-access-key-id'],
    ['a Grafana service account token', `Authorization: Bearer ${glsa}`, 'grafana-service-account-token'],
    ['a Slack bot token', `slack = "${slack}"`, 'slack-token'],
    ['a private key', `const k = \`${pem}\`;`, 'private-key'],
    ['a password in a URL', `url = 'postgres://app:Xk29fLq0z@db.internal:5432/app'`, 'password-in-url'],
    ['a credential-named literal', `const apiKey = 'q8Zr2LmXo9TzW4pY';`, 'credential-assignment'],
    ['a high-entropy literal', `headers['x-k'] = 'Zq8r2LmXo9TzW4pYs7bNc1dF';`, 'high-entropy-string'],
  ])('finds %s', (_what, text, rule) => {
    expect(rules(text)).toContain(rule);
  });

  it.each([
    ['a placeholder password in a URL', `'postgres://user:password@localhost/db'`],
    ['a template URL', 'http://${user}:${pass}@host'],
    [
      'ordinary identifiers and paths',
      `const path = '/api/v1/items'; const id = 'dsforge-certify-datasource';`,
    ],
    ['a low-entropy credential-named value', `const password = 'aaaaaaaaaaaa1';`],
    ['a PEM header without a key body', `if (text.startsWith('-----BEGIN PRIVATE KEY-----')) parse();`],
  ])('ignores %s', (_what, text) => {
    expect(rules(text)).toEqual([]);
  });

  it('applies only token formats to bundles and docs, not the entropy rules', () => {
    expect(rules(`x = 'Zq8r2LmXo9TzW4pYs7bNc1dF'; t = '${ghp}'`, false)).toEqual(['github-token']);
  });

  it('reports the line and never the whole secret', () => {
    const [f] = scanText(`a\nb\nconst t = '${ghp}';`, 'src/a.ts', true);
    expect(f).toMatchObject({ line: 3, where: 'src/a.ts', rule: 'github-token' });
    expect(redact(f!.match)).toBe('ghp_…(40 chars)');
  });

  it('measures entropy in bits per character', () => {
    expect(shannon('aaaa')).toBe(0);
    expect(shannon('abcd')).toBe(2);
  });
});

describe('certify.allowlist', () => {
  it('accepts a rule in matching files and an exact text anywhere, and names unreadable lines', () => {
    const { entries, problems } = parseAllowlist(
      [
        '# test fixtures carry fake keys',
        'high-entropy-string src/fixtures/**',
        `match ${aws}  # documented example key`,
        'oops',
      ].join('\n'),
    );
    expect(problems).toEqual([expect.stringContaining('line 4')]);
    const f = (rule: string, where: string, match: string) => ({ rule, where, match, line: 1 });
    expect(allowed(f('high-entropy-string', 'src/fixtures/a/b.json', 'x'), entries)).toBeDefined();
    expect(allowed(f('high-entropy-string', 'src/main.ts', 'x'), entries)).toBeUndefined();
    expect(allowed(f('aws-access-key-id', '<backend bundle>', aws), entries)).toBeDefined();
    expect(allowed(f('github-token', 'src/fixtures/a.ts', ghp), entries)).toBeUndefined();
  });

  it('turns globs into anchored patterns', () => {
    expect(globToRegExp('src/**/*.ts').test('src/a/b/c.ts')).toBe(true);
    expect(globToRegExp('src/*.ts').test('src/a/b.ts')).toBe(false);
    expect(globToRegExp('<backend bundle>').test('<backend bundle>')).toBe(true);
  });
});
