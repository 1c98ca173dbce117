/**
 * {@link DsError}: the one error class of the kit. Every failure a user can see is a DsError with
 * a category from the closed set, the status and error source Grafana needs, a sentence saying
 * what happened, a sentence saying what to do, and a correlation id that also appears in the log.
 * @module
 */
import {
  CATEGORY_INFO,
  formatDuration,
  isErrorCategory,
  type ErrorCategory,
  type ErrorSourceKind,
} from './categories';
import { classify, type FromHints } from './classify';

/** Options for {@link dsError} and the {@link DsError} constructor; every field is optional. */
export interface DsErrorOptions {
  /** What happened, as a sentence for the user (default: the category's sentence). */
  message?: string;
  /** What to do about it (default: the category's sentence). */
  suggestion?: string;
  /** How long to wait before trying again, when known (rate limits, breaker cool-down). */
  retryAfterMs?: number;
  /** The configured time limit that was hit (`timeout`); named in the default message. */
  timeoutMs?: number;
  /** Extra facts for the UI and the log. Must be JSON; never put secrets here. */
  details?: Record<string, unknown>;
  /** The underlying error. Logged, never serialised or shown. */
  cause?: unknown;
  /** Override the category's status (rarely right; the table is the contract). */
  status?: number;
  /** Override the category's error source. */
  source?: ErrorSourceKind;
  /** Override the category's retryability. */
  retryable?: boolean;
  /** Correlation id of the query; set by the pipeline when not given. */
  correlationId?: string;
}

/** The JSON form of a DsError: `meta.custom.dsforgeError` on the wire (version 1). */
export interface DsErrorPayload {
  v: 1;
  category: ErrorCategory;
  message: string;
  suggestion: string;
  retryable: boolean;
  retryAfterMs?: number;
  correlationId?: string;
  details?: Record<string, unknown>;
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function defaultMessage(category: ErrorCategory, opts: DsErrorOptions): string {
  if (category === 'timeout' && opts.timeoutMs !== undefined) {
    return `Query took too long (>${formatDuration(opts.timeoutMs)}, the configured limit).`;
  }
  if (category === 'circuit_open' && opts.retryAfterMs !== undefined) {
    return `Datasource temporarily unavailable, retrying in ${seconds(opts.retryAfterMs)} s.`;
  }
  return CATEGORY_INFO[category].message;
}

function defaultSuggestion(category: ErrorCategory, opts: DsErrorOptions): string {
  if (category === 'rate_limited' && opts.retryAfterMs !== undefined) {
    return `Try again in ${seconds(opts.retryAfterMs)} s.`;
  }
  return CATEGORY_INFO[category].suggestion;
}

function validRetryAfter(ms: number | undefined): number | undefined {
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? Math.round(ms) : undefined;
}

/**
 * An error a user can act on. `message` is what happened and `suggestion` what to do, both
 * sentences for the person looking at the panel; {@link userMessage} joins them. `cause` is kept
 * for the log and never serialised ({@link toJSON} leaves it out), so nothing from an underlying
 * error (URLs with keys, tokens echoed by an upstream) reaches the user.
 *
 * @example
 * throw dsError('invalid_query', { message: 'The metric name is missing.', suggestion: 'Pick a metric.' });
 */
export class DsError extends Error {
  override readonly name = 'DsError';
  readonly category: ErrorCategory;
  /** HTTP-like status for the DataResponse. */
  readonly status: number;
  /** Grafana errorSource. */
  readonly source: ErrorSourceKind;
  readonly suggestion: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly details?: Record<string, unknown>;
  /** Set once by the pipeline (or the thrower); appears in the log line and the wire payload. */
  correlationId?: string;

  constructor(category: ErrorCategory, opts: DsErrorOptions = {}) {
    const cat = isErrorCategory(category) ? category : 'internal';
    super(
      opts.message ?? defaultMessage(cat, opts),
      opts.cause === undefined ? undefined : { cause: opts.cause },
    );
    const info = CATEGORY_INFO[cat];
    this.category = cat;
    this.status = opts.status ?? info.status;
    this.source = opts.source ?? info.source;
    this.suggestion = opts.suggestion ?? defaultSuggestion(cat, opts);
    this.retryable = opts.retryable ?? info.retryable;
    const retryAfterMs = validRetryAfter(opts.retryAfterMs);
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
    const details =
      opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs, ...opts.details } : opts.details;
    if (details !== undefined) this.details = details;
    if (opts.correlationId !== undefined) this.correlationId = opts.correlationId;
  }

  /** Grafana's name for {@link source} (the backend runtime reads either). */
  get errorSource(): ErrorSourceKind {
    return this.source;
  }

  /**
   * The text for `DataResponse.error`: message and suggestion, plus the correlation id for
   * `internal` errors so a bug report can be matched to the log line.
   */
  get userMessage(): string {
    const parts = [this.message, this.suggestion].filter((s) => s.trim() !== '');
    let text = parts.join(' ');
    if (this.category === 'internal' && this.correlationId && !text.includes(this.correlationId)) {
      text = `${text} (correlation id ${this.correlationId})`;
    }
    return text;
  }

  /** The wire payload (`meta.custom.dsforgeError`). Never includes `cause` or the stack. */
  toJSON(): DsErrorPayload {
    const out: DsErrorPayload = {
      v: 1,
      category: this.category,
      message: this.message,
      suggestion: this.suggestion,
      retryable: this.retryable,
    };
    if (this.retryAfterMs !== undefined) out.retryAfterMs = this.retryAfterMs;
    if (this.correlationId !== undefined) out.correlationId = this.correlationId;
    if (this.details !== undefined) out.details = this.details;
    return out;
  }

  /**
   * Classifies anything thrown: a DsError (also one from another copy of the kit) is returned
   * as is; abort reasons (`TimeoutError`, `DeadlineExceededError` → `timeout`; `CancelledError`
   * → `cancelled`), Node/undici error codes, HTTP statuses and backend `PluginError`s get their
   * category; anything else is `internal`. The `cause` chain (and AggregateError's `errors`) is
   * searched, outermost first, with a guard against cycles.
   */
  static from(e: unknown, hints: FromHints = {}): DsError {
    if (e instanceof DsError) {
      if (hints.correlationId && !e.correlationId) e.correlationId = hints.correlationId;
      return e;
    }
    const { category, options } = classify(e, hints);
    const err = new DsError(category, options);
    if (hints.correlationId && !err.correlationId) err.correlationId = hints.correlationId;
    return err;
  }
}

/** Creates a {@link DsError} with the category's default sentences unless given. */
export function dsError(category: ErrorCategory, opts: DsErrorOptions = {}): DsError {
  return new DsError(category, opts);
}

export type { FromHints };
