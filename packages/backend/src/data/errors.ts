/**
 * Thrown when a frame, field, value or encoded frame is not something Grafana can accept.
 *
 * The message names the frame/field at fault and says what to change, e.g.
 * `field "value" (float64) is not nullable but row 3 is null; declare it with nullable: true`.
 */
export class FrameError extends Error {
  override readonly name = 'FrameError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
