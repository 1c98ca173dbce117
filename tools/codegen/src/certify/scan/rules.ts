/**
 * Credential detection rules, in the spirit of gitleaks' default rules (written from their
 * documented token formats, not copied): provider token formats, private keys, passwords in URLs,
 * credential-named assignments and high-entropy string literals. Thresholds are stated here and
 * in docs/certification.md.
 * @module
 */

/** One credential found in a text. */
export interface Finding {
  rule: string;
  /** 1-based line. */
  line: number;
  /** The matched secret (never shown whole: see {@link redact}). */
  match: string;
  /** Shannon entropy of the match in bits per character, for the entropy rules. */
  entropy?: number;
}

/** A token-format rule: applies everywhere (sources, bundles, module.js, plugin.json). */
export interface PatternRule {
  id: string;
  description: string;
  pattern: RegExp;
  /** The secret part of a match (default: the whole match). */
  secret?: (m: RegExpExecArray) => string | undefined;
}

const PLACEHOLDER =
  /^(\*+|x+|\.+|password|passwd|pass|pwd|secret|changeme|example|redacted|\[redacted\]|token|user|username)$/i;

/** Token formats with a fixed shape: a match is a credential whatever the context. */
export const PATTERN_RULES: PatternRule[] = [
  {
    id: 'grafana-service-account-token',
    description: 'Grafana service account token (glsa_…)',
    pattern: /\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b/g,
  },
  {
    id: 'grafana-cloud-token',
    description: 'Grafana Cloud access policy token (glc_…)',
    pattern: /\bglc_[A-Za-z0-9+/]{32,400}={0,2}/g,
  },
  {
    id: 'grafana-api-key',
    description: 'Grafana API key (base64 JSON starting eyJrIjoi)',
    pattern: /\beyJrIjoi[A-Za-z0-9]{70,400}={0,2}/g,
  },
  {
    id: 'aws-access-key-id',
    description: 'AWS access key id (AKIA…, ASIA…)',
    pattern: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/g,
  },
  {
    id: 'github-token',
    description: 'GitHub token (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)',
    pattern: /\b(?:gh[pousr]_[0-9A-Za-z]{36}|github_pat_[0-9A-Za-z_]{82})\b/g,
  },
  {
    id: 'slack-token',
    description: 'Slack token (xoxb-, xoxp-, xoxa-, xoxr-, xoxs-)',
    pattern: /\bxox[bpars]-[0-9A-Za-z]{10,}(?:-[0-9A-Za-z]+)+/g,
  },
  {
    id: 'private-key',
    description: 'PEM private key with a body',
    pattern:
      /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----(?:[A-Za-z0-9+/=\s]|\\n|\\r){64,}?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----/g,
  },
  {
    id: 'password-in-url',
    description: 'password in a URL (scheme://user:password@host)',
    pattern:
      /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/'"`<>{}$%]{1,64}:([^\s:@/'"`<>{}$%\\]{3,128})@[A-Za-z0-9.[\]-]{1,255}/g,
    secret: (m) => (PLACEHOLDER.test(m[1]!) ? undefined : m[1]),
  },
];

/** Credential-named assignment: `apiKey: "…"`, `password = '…'` with a random-looking value. */
export const ASSIGNMENT_RULE = {
  id: 'credential-assignment',
  description:
    'a credential-named field or variable assigned a literal (value ≥ 12 chars, entropy ≥ 3.5 bits/char)',
  pattern:
    /\b[A-Za-z0-9_]*(?:api[_-]?key|apikey|secret|token|passw(?:or)?d|credential|access[_-]?key|private[_-]?key)[A-Za-z0-9_]*["']?\s*[:=]\s*(["'`])([A-Za-z0-9+/=_\-.~!@#^&*]{12,128})\1/gi,
  minEntropy: 3.5,
};

/** High-entropy string literal thresholds. */
export const ENTROPY = {
  id: 'high-entropy-string',
  /** Literal length bounds: shorter is not a credential, longer is embedded data. */
  minLength: 20,
  maxLength: 200,
  /** bits/char for literals over the base64/base62 alphabet. */
  minEntropy: 4.0,
  /** Hex (and UUID) literals: at least this long and this random. */
  hexMinLength: 32,
  hexMinEntropy: 3.0,
  pattern: /(["'`])([A-Za-z0-9+/=_-]{20,200})\1/g,
};

/** Shannon entropy in bits per character. */
export function shannon(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** `ghp_…(40 chars)`: enough to find it, not enough to use it. */
export function redact(secret: string): string {
  return `${secret.slice(0, 4)}…(${secret.length} chars)`;
}

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Token-format findings in `text`. */
export function scanPatterns(text: string): Finding[] {
  const out: Finding[] = [];
  for (const rule of PATTERN_RULES) {
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(text); m; m = rule.pattern.exec(text)) {
      const secret = rule.secret ? rule.secret(m) : m[0];
      if (secret) out.push({ rule: rule.id, line: lineAt(text, m.index), match: secret });
    }
  }
  return out;
}

/** Assignment and entropy findings in source text (the package's own files only). */
export function scanEntropy(text: string): Finding[] {
  const out: Finding[] = [];
  ASSIGNMENT_RULE.pattern.lastIndex = 0;
  for (let m = ASSIGNMENT_RULE.pattern.exec(text); m; m = ASSIGNMENT_RULE.pattern.exec(text)) {
    const value = m[2]!;
    const e = shannon(value);
    if (e >= ASSIGNMENT_RULE.minEntropy && /\d/.test(value) && !PLACEHOLDER.test(value))
      out.push({ rule: ASSIGNMENT_RULE.id, line: lineAt(text, m.index), match: value, entropy: e });
  }
  ENTROPY.pattern.lastIndex = 0;
  for (let m = ENTROPY.pattern.exec(text); m; m = ENTROPY.pattern.exec(text)) {
    const value = m[2]!;
    if (!/\d/.test(value) || !/[A-Za-z]/.test(value)) continue;
    const e = shannon(value);
    const hex = /^[0-9a-fA-F-]+$/.test(value);
    const hit = hex
      ? value.replace(/-/g, '').length >= ENTROPY.hexMinLength && e >= ENTROPY.hexMinEntropy
      : e >= ENTROPY.minEntropy;
    if (hit && !out.some((f) => f.match === value))
      out.push({ rule: ENTROPY.id, line: lineAt(text, m.index), match: value, entropy: e });
  }
  return out;
}
