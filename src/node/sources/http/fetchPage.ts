/**
 * One page of a web API: a GET answered with JSON, through Node's `fetch`. Rate limits (429) and
 * server errors (5xx) are retried with exponential backoff, honouring `Retry-After`; each attempt
 * has a timeout; an answer larger than the page limit is refused as it streams. Failures are
 * `DataError`s that give the status, the URL (without secret query parameters) and a hint, and
 * never a header's value.
 */
import { redactUrl } from '../../../engine/data/redactUrl';
import { CancelledError, DataError } from '../../../engine/errors';

/** How patient and how generous requests are. */
export interface HttpLimits {
  /** Per attempt, from the request until the whole answer has come. */
  readonly timeoutMs: number;
  /** Attempts per page (the first included) when the API answers 429 or 5xx, or the connection fails. */
  readonly attempts: number;
  /** The first retry's wait; each later one waits twice as long. */
  readonly backoffMs: number;
  /** The longest `Retry-After` waited for; a longer one fails at once. */
  readonly maxRetryAfterMs: number;
  /** The largest answer accepted, in bytes. */
  readonly maxPageBytes: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  timeoutMs: 30_000,
  attempts: 4,
  backoffMs: 500,
  maxRetryAfterMs: 60_000,
  maxPageBytes: 64 * 1024 * 1024,
};

/** A page as fetched: its parsed JSON, text and response headers. */
export interface FetchedPage {
  readonly body: unknown;
  /** The answer's bytes (UTF-8). */
  readonly bytes: number;
  /** The answer's text, to notice an API that answers every page alike. */
  readonly text: string;
  readonly headers: Headers;
}

/** Statuses worth another attempt. */
function isRetried(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * GETs `url` with `headers` and parses its JSON answer, retrying as `limits` allow. The `signal`
 * cancels requests and waits alike (`CancelledError`).
 */
export async function fetchPage(url: string, headers: readonly [string, string][], limits: HttpLimits, signal?: AbortSignal): Promise<FetchedPage> {
  const shown = redactUrl(url);
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new CancelledError();
    let response: Response;
    const timeout = AbortSignal.timeout(limits.timeoutMs);
    const requestSignal = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    try {
      response = await fetch(url, { headers: [...headers], signal: requestSignal, redirect: 'follow' });
    } catch (error) {
      const failure = requestFailure(error, shown, { limits, headers, signal, timeout });
      if (failure.retry && attempt < limits.attempts) {
        await wait(backoff(limits, attempt), signal);
        continue;
      }
      throw failure.error;
    }
    if (isRetried(response.status)) {
      await discard(response);
      const retryAfterMs = retryAfter(response.headers.get('retry-after'));
      if (retryAfterMs !== undefined && retryAfterMs > limits.maxRetryAfterMs) {
        throw new DataError(`HTTP ${describeStatus(response)} from ${shown}: the API asks to wait ${Math.ceil(retryAfterMs / 1000)} s before trying again (Retry-After); try later`);
      }
      if (attempt < limits.attempts) {
        await wait(retryAfterMs ?? backoff(limits, attempt), signal);
        continue;
      }
      throw new DataError(`HTTP ${describeStatus(response)} from ${shown}, ${limits.attempts} times: ${response.status === 429 ? 'the API keeps limiting the rate of requests' : 'the server keeps failing'}; try later`);
    }
    if (!response.ok) {
      await discard(response);
      throw new DataError(`HTTP ${describeStatus(response)} from ${shown}${statusHint(response.status, headers.length > 0)}`);
    }
    try {
      return await readAnswer(response, shown, limits);
    } catch (error) {
      if (signal?.aborted) throw new CancelledError();
      if (timeout.aborted) throw timedOut(shown, limits);
      throw error;
    }
  }
}

/** Reads and parses a successful answer, refusing one larger than the page limit as it streams. */
async function readAnswer(response: Response, shown: string, limits: HttpLimits): Promise<FetchedPage> {
  const tooLarge = (): DataError =>
    new DataError(`the answer of ${shown} is larger than ${formatLimit(limits.maxPageBytes)}, the limit for one page: ask the API for smaller pages (a page size parameter)`);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limits.maxPageBytes) {
    await discard(response);
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  if (response.body !== null) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      if (bytes > limits.maxPageBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  const text = new TextDecoder('utf-8').decode(Buffer.concat(chunks, bytes));
  const type = response.headers.get('content-type') ?? 'no content type';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const isJson = /[/+]json\b/i.test(type);
    throw new DataError(
      isJson
        ? `the answer of ${shown} (HTTP ${response.status}) is not valid JSON: ${(error as Error).message.slice(0, 80)}`
        : `the answer of ${shown} is not JSON (HTTP ${response.status}, ${type})${/html/i.test(type) ? ': a web page, perhaps an error or login page; check the URL' : ''}`,
    );
  }
  return { body, bytes, text, headers: response.headers };
}

/** Why a request failed before any answer, and whether another attempt may help. */
function requestFailure(
  error: unknown,
  shown: string,
  context: { readonly limits: HttpLimits; readonly headers: readonly [string, string][]; readonly signal?: AbortSignal; readonly timeout: AbortSignal },
): { error: Error; retry: boolean } {
  if (context.signal?.aborted) return { error: new CancelledError(), retry: false };
  if (context.timeout.aborted) return { error: timedOut(shown, context.limits), retry: false };
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { error: new DataError(`cannot reach ${shown}: the host name is unknown`), retry: false };
  if (code === 'ECONNREFUSED') return { error: new DataError(`cannot reach ${shown}: the connection was refused`), retry: true };
  // fetch's own messages may quote a header's value: such a message is not shown.
  const message = code ?? cause?.message ?? '';
  const safe = message !== '' && message.length < 200 && !context.headers.some(([, value]) => value !== '' && message.includes(value));
  // System and socket errors (ECONNRESET, UND_ERR_SOCKET, …) may pass; a bad URL (ERR_INVALID_URL) will not.
  const retry = code !== undefined && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code);
  return { error: new DataError(`cannot reach ${shown}: the request failed${safe ? ` (${message})` : ''}`), retry };
}

function timedOut(shown: string, limits: HttpLimits): DataError {
  return new DataError(`no complete answer from ${shown} within ${formatSeconds(limits.timeoutMs)} (the request timed out)`);
}

function statusHint(status: number, sentHeaders: boolean): string {
  switch (status) {
    case 401:
      return sentHeaders
        ? ': the API refused the credentials sent; check the token the --header refers to'
        : ": the API wants credentials; send them with --header 'Authorization: Bearer ${TOKEN}' and TOKEN set in the environment";
    case 403:
      return ': the credentials do not give access to this (or the API limits the rate of requests)';
    case 404:
      return ': there is nothing at this URL; check its path';
    default:
      return '';
  }
}

function describeStatus(response: Response): string {
  return response.statusText ? `${response.status} ${response.statusText}` : String(response.status);
}

/** The wait a `Retry-After` value asks for (seconds, or an HTTP date), in ms. */
export function retryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function backoff(limits: HttpLimits, attempt: number): number {
  return limits.backoffMs * 2 ** (attempt - 1);
}

/** Waits `ms`, or rejects with `CancelledError` when `signal` aborts first. */
function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Lets go of an answer not read, so its connection can be reused or closed. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}

function formatLimit(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Number((bytes / 1024 / 1024).toFixed(1))} MiB` : `${bytes} bytes`;
}
