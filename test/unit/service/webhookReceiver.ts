/**
 * A webhook receiver for the prediction service's alerts: an HTTP server on 127.0.0.1 and a free
 * port that keeps every JSON body POSTed to it, and answers with the status a test sets.
 */
import { createServer, type Server } from 'node:http';

export interface ReceivedAlert {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: unknown;
  /** The body as sent, to search for text that must not be there. */
  readonly text: string;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port><path>`. */
  readonly url: string;
  readonly received: ReceivedAlert[];
  /** The status the next requests get (default 200). */
  status: number;
  close(): Promise<void>;
}

/** Starts a receiver answering at `path` (any path is recorded; the URL names this one). */
export async function startWebhookReceiver(path: string): Promise<WebhookReceiver> {
  const received: ReceivedAlert[] = [];
  const receiver = { status: 200 };
  const server: Server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (part: string) => (text += part));
    req.on('end', () => {
      let body: unknown = undefined;
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = undefined;
      }
      received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body, text });
      res.writeHead(receiver.status, { 'Content-Type': 'text/plain' });
      res.end(receiver.status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
