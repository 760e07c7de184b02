/** Requests to a running prediction service, counted so a test can check the server's request log. */
import { request } from 'node:http';

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body. */
  readonly body: unknown;
}

const PACE_MS = 5;

export class ServiceClient {
  /** Requests sent so far. */
  requests = 0;

  constructor(readonly url: string) {}

  /** `method path` with `body` sent as is (a string) or as JSON. */
  async call(method: string, path: string, body?: unknown): Promise<Answer> {
    this.requests++;
    const init: RequestInit = { method, headers: { 'Content-Type': 'application/json' } };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await fetch(`${this.url}${path}`, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  post(body: unknown): Promise<Answer> {
    return this.call('POST', '/predict', body);
  }

  /**
   * POSTs a body of `totalBytes` spaces in chunks with no Content-Length (chunked encoding), paced
   * after `paceAfterBytes`, and stops sending once an answer arrives. Resolves with the answer and
   * how much had been sent.
   */
  postChunked(totalBytes: number, paceAfterBytes: number): Promise<{ status: number; body: unknown; sentBytes: number }> {
    this.requests++;
    return new Promise((resolve, reject) => {
      const req = request(`${this.url}/predict`, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sentBytes = 0;
      let answered = false;
      req.on('error', reject);
      req.on('response', (res) => {
        answered = true;
        const sentWhenAnswered = sentBytes;
        req.end();
        let text = '';
        res.setEncoding('utf8').on('data', (part: string) => (text += part));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown, sentBytes: sentWhenAnswered }));
        res.on('error', reject);
      });
      // Once past `paceAfterBytes`, one chunk every PACE_MS: over loopback the whole body can
      // otherwise be written before this process gets to read an answer the server sent in time.
      const pump = (): void => {
        while (!answered && sentBytes < totalBytes) {
          sentBytes += chunk.length;
          const flushed = req.write(chunk);
          if (sentBytes > paceAfterBytes) {
            setTimeout(() => (flushed ? pump() : req.once('drain', pump)), PACE_MS);
            return;
          }
          if (!flushed) {
            req.once('drain', pump);
            return;
          }
        }
        if (!answered) req.end();
      };
      pump();
    });
  }
}
