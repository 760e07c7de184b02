import { strict as assert } from 'node:assert';
import { afterEach, describe, it } from 'node:test';
import { cellText, type Frame } from '../../../src/engine/data/frame';
import { recordsIn } from '../../../src/engine/data/json/recordsAt';
import { isSecretParameter, redactUrl } from '../../../src/engine/data/redactUrl';
import { describeSource, type SourceSpec } from '../../../src/engine/data/sourceSpec';
import { CancelledError, DataError } from '../../../src/engine/errors';
import { recordSource } from '../../../src/node/runSource';
import type { SourceRead } from '../../../src/node/sources/dataSource';
import { DEFAULT_HTTP_LIMITS, retryAfter, type HttpLimits } from '../../../src/node/sources/http/fetchPage';
import { expandHeaders } from '../../../src/node/sources/http/headerTemplates';
import { nextLink } from '../../../src/node/sources/http/nextPage';
import { createHttpSource } from '../../../src/node/sources/httpSource';
import { sendJson, startApiServer, type ApiServer, type Handler } from './apiServer';

/**
 * Web API sources against a real HTTP server on 127.0.0.1: pagination in each style, bearer
 * tokens from templates, retries, timeouts, answers that are not JSON or too large, errors with
 * hints, loops and bounds. Limits are shortened so that failures come quickly.
 */

const FAST: HttpLimits = { ...DEFAULT_HTTP_LIMITS, timeoutMs: 2_000, backoffMs: 20, maxRetryAfterMs: 5_000 };
const TOKEN = 'sekret-token-7f3a9c';

let server: ApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Handler): Promise<ApiServer> {
  server = await startApiServer(handler);
  return server;
}

type HttpSpec = Extract<SourceSpec, { kind: 'http' }>;

function read(spec: Omit<HttpSpec, 'kind'>, options: { variables?: Record<string, string>; limits?: HttpLimits; signal?: AbortSignal } = {}): Promise<SourceRead> {
  return createHttpSource({ kind: 'http', ...spec }, { variables: options.variables }, options.limits ?? FAST).read({ signal: options.signal });
}

async function readError(spec: Omit<HttpSpec, 'kind'>, options: Parameters<typeof read>[1] = {}): Promise<DataError> {
  try {
    await read(spec, options);
  } catch (error) {
    assert.ok(error instanceof DataError, String(error));
    assert.ok(!error.message.includes(TOKEN), 'no token in errors');
    return error;
  }
  assert.fail('the read should have failed');
}

function ids(frame: Frame): number[] {
  const column = frame.columns.find((c) => c.name === 'id');
  assert.ok(column?.storage === 'numeric');
  return [...column.values];
}

/** Records 1..n as an API would list them, with a nested object to flatten. */
function items(from: number, to: number): object[] {
  return Array.from({ length: to - from + 1 }, (_, i) => ({ id: from + i, name: `item ${from + i}`, owner: { login: `user${(from + i) % 3}` } }));
}

describe('web APIs: pagination', () => {
  it('follows Link: rel="next" headers, relative and absolute, and flattens every record', async () => {
    const api = await serve((request, response) => {
      const page = Number(request.query.get('page') ?? '1');
      const next = page === 1 ? '</repos?page=2&per_page=2>; rel="next", </repos?page=3>; rel="last"' : page === 2 ? `<${api.origin}/repos?page=3>; rel="next"` : '';
      sendJson(response, items(page * 2 - 1, page === 3 ? 5 : page * 2), next ? { link: next } : {});
    });
    const { frame, source, fetchedRecords, report } = await read({ url: `${api.origin}/repos` });
    assert.deepEqual(ids(frame), [1, 2, 3, 4, 5]);
    assert.deepEqual(frame.columns.map((c) => c.name), ['id', 'name', 'owner.login']);
    assert.equal(source.kind, 'http');
    assert.equal(source.pages, 3);
    assert.equal(source.file, `${api.origin}/repos`);
    assert.equal(report.positions, 'record');
    assert.deepEqual(api.requests.map((r) => `${r.path}?${r.query.toString()}`), ['/repos?', '/repos?page=2&per_page=2', '/repos?page=3']);
    const saved = (fetchedRecords ?? '').trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(saved, items(1, 5));
  });

  it('sends a cursor read from the body back as a query parameter until there is none', async () => {
    const api = await serve((request, response) => {
      const token = request.query.get('pagination_token');
      const page = token === null ? 1 : Number(token.slice(1));
      sendJson(response, { data: items(page * 10 - 9, page * 10), meta: { result_count: 10, ...(page < 3 ? { next_token: `p${page + 1}` } : {}) } });
    });
    const { frame, source } = await read({ url: `${api.origin}/tweets?max_results=10`, pagination: { kind: 'cursor', nextCursor: 'meta.next_token', cursorParam: 'pagination_token' } });
    assert.deepEqual(ids(frame), Array.from({ length: 30 }, (_, i) => i + 1));
    assert.equal(source.pages, 3);
    assert.equal(source.records, 'data');
    assert.deepEqual(api.requests.map((r) => r.query.get('pagination_token')), [null, 'p2', 'p3']);
    assert.ok(api.requests.every((r) => r.query.get('max_results') === '10'));
  });

  it('counts page numbers from 1 until a page has no records', async () => {
    const api = await serve((request, response) => {
      const page = Number(request.query.get('page'));
      sendJson(response, { results: page <= 2 ? items(page * 3 - 2, page * 3) : [], total: 6 });
    });
    const { frame, source } = await read({ url: `${api.origin}/list`, records: 'results', pagination: { kind: 'page', pageParam: 'page' } });
    assert.deepEqual(ids(frame), [1, 2, 3, 4, 5, 6]);
    assert.equal(source.pages, 3);
    assert.deepEqual(api.requests.map((r) => r.query.get('page')), ['1', '2', '3']);
  });

  it('stops at --max-pages and --max-rows, and says so', async () => {
    const api = await serve((request, response) => {
      const page = Number(request.query.get('page'));
      sendJson(response, items(page * 10 - 9, page * 10));
    });
    const paged = await read({ url: `${api.origin}/all`, pagination: { kind: 'page', pageParam: 'page' }, maxPages: 2 });
    assert.equal(paged.frame.rowCount, 20);
    assert.equal(paged.source.pages, 2);
    assert.match(paged.report.parseIssues.map((i) => i.message).join('\n'), /stopped after 2 pages \(the most asked for\); the API has more/);
    const rows = await read({ url: `${api.origin}/all`, pagination: { kind: 'page', pageParam: 'page' }, maxRows: 15 });
    assert.deepEqual(ids(rows.frame), Array.from({ length: 15 }, (_, i) => i + 1));
    assert.equal(rows.source.pages, 2);
    assert.equal((rows.fetchedRecords ?? '').trimEnd().split('\n').length, 15);
    assert.match(rows.report.parseIssues.map((i) => i.message).join('\n'), /stopped at 15 records/);
  });

  it('stops with an error when a next link or a cursor comes round again', async () => {
    const links = await serve((request, response) => {
      const page = Number(request.query.get('page') ?? '1');
      sendJson(response, items(page, page), { link: `</x?page=${page === 3 ? 2 : page + 1}>; rel="next"` });
    });
    assert.match((await readError({ url: `${links.origin}/x` })).message, /the next link of page 3 .* leads back to a page fetched already \(a pagination loop\)/);
    await links.close();
    const cursors = await serve((request, response) => sendJson(response, { data: items(1, 2), next: request.query.get('c') === 'b' ? 'a' : request.query.get('c') === 'a' ? 'b' : 'a' }));
    assert.match(
      (await readError({ url: `${cursors.origin}/y`, pagination: { kind: 'cursor', nextCursor: 'next', cursorParam: 'c' } })).message,
      /page 3 of .* gives a next cursor \('next'\) that came before \(a pagination loop\)/,
    );
    await cursors.close();
    const ignored = await serve((_request, response) => sendJson(response, items(1, 2)));
    assert.match(
      (await readError({ url: `${ignored.origin}/z`, pagination: { kind: 'page', pageParam: 'page' } })).message,
      /page 2 of .* holds the same records as page 1: the API seems to ignore 'page'/,
    );
  });
});

describe('web APIs: credentials', () => {
  const requireToken: Handler = (request, response) => {
    if (request.headers.authorization !== `Bearer ${TOKEN}`) {
      sendJson(response, { message: 'Bad credentials' }, {}, 401);
      return;
    }
    sendJson(response, items(1, 3));
  };

  it('expands ${NAME} in headers from the secrets, then the environment', async () => {
    const api = await serve(requireToken);
    const { frame } = await read({ url: `${api.origin}/me`, headers: ['Authorization: Bearer ${TOKEN}', 'Accept: application/json'] }, { variables: { TOKEN } });
    assert.equal(frame.rowCount, 3);
    assert.equal(api.requests[0].headers.accept, 'application/json');
    process.env.AUTOML_TEST_TOKEN = TOKEN;
    try {
      const fromEnvironment = await read({ url: `${api.origin}/me`, headers: ['Authorization: Bearer ${AUTOML_TEST_TOKEN}'] });
      assert.equal(fromEnvironment.frame.rowCount, 3);
    } finally {
      delete process.env.AUTOML_TEST_TOKEN;
    }
  });

  it('names a variable that is not set, and refuses a credential written out, without showing values', async () => {
    const api = await serve(requireToken);
    assert.match((await readError({ url: `${api.origin}/me`, headers: ['Authorization: Bearer ${AUTOML_UNSET_VARIABLE}'] })).message, /uses \$\{AUTOML_UNSET_VARIABLE\}, which is not set/);
    assert.match((await readError({ url: `${api.origin}/me`, headers: [`Authorization: Bearer ${TOKEN}`] })).message, /the header 'Authorization' holds its credential as written/);
    assert.match((await readError({ url: `${api.origin}/me`, headers: ['X-Note: a${NL}b'] }, { variables: { NL: `${TOKEN}\r\nX-Evil: 1` } })).message, /'X-Note' holds characters HTTP cannot send/);
    assert.match((await readError({ url: `${api.origin}/me`, headers: [`${TOKEN}`] })).message, /a header must read 'Name: value' \(got one without a colon\)/);
    assert.equal(api.requests.length, 0, 'nothing was sent');
  });

  it('answers 401 and 403 with the status and a hint', async () => {
    const api = await serve((request, response) => sendJson(response, { message: 'no' }, {}, request.path === '/forbidden' ? 403 : 401));
    assert.match((await readError({ url: `${api.origin}/me` })).message, /HTTP 401 Unauthorized from http:\/\/127\.0\.0\.1:\d+\/me: the API wants credentials; send them with --header 'Authorization: Bearer \$\{TOKEN\}'/);
    assert.match((await readError({ url: `${api.origin}/me`, headers: ['Authorization: Bearer ${TOKEN}'] }, { variables: { TOKEN } })).message, /HTTP 401 .*: the API refused the credentials sent/);
    assert.match((await readError({ url: `${api.origin}/forbidden` })).message, /HTTP 403 Forbidden .*: the credentials do not give access/);
  });

  it('keeps secret query parameters out of what is recorded and shown', async () => {
    const api = await serve((_request, response) => sendJson(response, items(1, 2)));
    const url = `${api.origin}/data?access_token=${TOKEN}&page_size=2&apiKey=${TOKEN}`;
    const { source } = await read({ url });
    assert.equal(source.file, `${api.origin}/data?page_size=2`);
    assert.equal(api.requests[0].query.get('access_token'), TOKEN, 'the request itself carries it');
    const spec: SourceSpec = { kind: 'http', url, headers: ['Authorization: Bearer ${TOKEN}'] };
    assert.ok(!JSON.stringify(recordSource(spec, '/')).includes(TOKEN));
    assert.ok(!describeSource(spec).includes(TOKEN));
  });
});

describe('web APIs: failures', () => {
  it('retries a 429 after its Retry-After, and a 500 after a backoff', async () => {
    const limited = await serve((_request, response, index) => {
      if (index === 0) sendJson(response, { message: 'slow down' }, { 'retry-after': '1' }, 429);
      else sendJson(response, items(1, 2));
    });
    const started = Date.now();
    assert.equal((await read({ url: `${limited.origin}/a` })).frame.rowCount, 2);
    assert.ok(Date.now() - started >= 950, 'waited as Retry-After asked');
    assert.equal(limited.requests.length, 2);
    await limited.close();
    const failing = await serve((_request, response, index) => {
      if (index < 2) sendJson(response, { message: 'oops' }, {}, index === 0 ? 500 : 503);
      else sendJson(response, items(1, 4));
    });
    assert.equal((await read({ url: `${failing.origin}/b` })).frame.rowCount, 4);
    assert.equal(failing.requests.length, 3);
  });

  it('gives up after the last attempt, and at once when Retry-After is too long', async () => {
    const down = await serve((_request, response) => sendJson(response, { message: 'down' }, {}, 502));
    assert.match((await readError({ url: `${down.origin}/c` })).message, /HTTP 502 Bad Gateway from .*, 4 times: the server keeps failing; try later/);
    assert.equal(down.requests.length, 4);
    await down.close();
    const later = await serve((_request, response) => sendJson(response, {}, { 'retry-after': '3600' }, 429));
    assert.match((await readError({ url: `${later.origin}/d` })).message, /asks to wait 3600 s before trying again/);
    assert.equal(later.requests.length, 1);
  });

  it('times out a request that hangs, saying how long it waited', async () => {
    const hanging = await serve(() => undefined);
    const error = await readError({ url: `${hanging.origin}/hang` }, { limits: { ...FAST, timeoutMs: 300 } });
    assert.match(error.message, /no complete answer from http:\/\/127\.0\.0\.1:\d+\/hang within 300 ms \(the request timed out\)/);
    assert.equal(hanging.requests.length, 1, 'a timeout is not retried');
  });

  it('cancels a request when the read is cancelled', async () => {
    const hanging = await serve(() => undefined);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(read({ url: `${hanging.origin}/hang` }, { signal: controller.signal }), CancelledError);
  });

  it('says an HTML page is not JSON, with its status and content type', async () => {
    const html = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><title>Sign in</title>');
    });
    assert.match((await readError({ url: `${html.origin}/login` })).message, /the answer of .*\/login is not JSON \(HTTP 200, text\/html; charset=utf-8\): a web page/);
  });

  it('says a URL has nothing (404)', async () => {
    const missing = await serve((_request, response) => sendJson(response, { message: 'Not Found' }, {}, 404));
    assert.match((await readError({ url: `${missing.origin}/nope` })).message, /HTTP 404 Not Found from .*\/nope: there is nothing at this URL; check its path/);
  });

  it('refuses an answer over the page size limit, declared or streamed', async () => {
    const big = items(1, 200);
    const declared = await serve((_request, response) => sendJson(response, big));
    const limits = { ...FAST, maxPageBytes: 1000 };
    assert.match((await readError({ url: `${declared.origin}/big` }, { limits })).message, /the answer of .*\/big is larger than 1000 bytes, the limit for one page/);
    await declared.close();
    const streamed = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(JSON.stringify(big).slice(0, 900));
      setTimeout(() => response.end(JSON.stringify(big).slice(900)), 20);
    });
    assert.match((await readError({ url: `${streamed.origin}/big` }, { limits })).message, /larger than 1000 bytes/);
  });

  it('says when the records are not where the path says, or not records', async () => {
    const api = await serve((request, response) => sendJson(response, request.path === '/numbers' ? [1, 2] : { data: { items: items(1, 2) }, links: [{ rel: 'self' }] }));
    assert.match((await readError({ url: `${api.origin}/doc` })).message, /the JSON holds several arrays of records; use --records with one of: data\.items, links/);
    assert.equal((await read({ url: `${api.origin}/doc`, records: 'data.items' })).frame.rowCount, 2);
    assert.match((await readError({ url: `${api.origin}/doc`, records: 'data.rows' })).message, /the JSON has no 'data\.rows'; arrays of records are at: data\.items, links/);
    assert.match((await readError({ url: `${api.origin}/numbers` })).message, /record 1 \(page 1\) is a number \(1\), not a record/);
    assert.match((await readError({ url: 'http://exa mple.test/x' })).message, /is not a valid URL/);
    const closed = await startApiServer(() => undefined);
    await closed.close();
    assert.match((await readError({ url: `${closed.origin}/refused` })).message, /cannot reach http:\/\/127\.0\.0\.1:\d+\/refused: the connection was refused/);
  });

  it('peeks at the first page only', async () => {
    const api = await serve((_request, response) => sendJson(response, items(1, 5), { link: '</p?page=2>; rel="next"' }));
    const peek = await createHttpSource({ kind: 'http', url: `${api.origin}/p` }, {}, FAST).peek({ rows: 3 });
    assert.equal(peek.frame.rowCount, 3);
    assert.equal(peek.partial, true);
    assert.deepEqual(peek.columns, ['id', 'name', 'owner.login']);
    assert.equal(api.requests.length, 1);
  });
});

describe('web API helpers', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(retryAfter('120', now), 120_000);
    assert.equal(retryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now), 30_000);
    assert.equal(retryAfter('garbage', now), undefined);
    assert.equal(retryAfter(null, now), undefined);
  });

  it('finds the next link among several, quoted or not', () => {
    assert.equal(nextLink('<https://a.test/x?page=3>; rel="last", <https://a.test/x?page=2>; rel="next"', 'https://a.test/x'), 'https://a.test/x?page=2');
    assert.equal(nextLink('</x?a=1,2>; rel=next', 'https://a.test/y'), 'https://a.test/x?a=1,2');
    assert.equal(nextLink('<https://a.test/x?page=1>; rel="prev first"', 'https://a.test/x'), undefined);
    assert.equal(nextLink(null, 'https://a.test/x'), undefined);
  });

  it('tells secret query parameters from others', () => {
    for (const name of ['token', 'access_token', 'api_key', 'apiKey', 'key', 'client_secret', 'password', 'sig', 'X-Amz-Signature', 'auth']) assert.ok(isSecretParameter(name), name);
    for (const name of ['page', 'per_page', 'cursor', 'monkey', 'keyword', 'q', 'limit']) assert.ok(!isSecretParameter(name), name);
    assert.equal(redactUrl('https://u:pw@api.test/v1/x?key=1&q=a%20b&token=2#top'), 'https://u@api.test/v1/x?q=a%20b#top');
  });

  it('finds records in a parsed document as in JSON files', () => {
    assert.deepEqual(recordsIn([{ a: 1 }]), { records: [{ a: 1 }], path: '' });
    assert.deepEqual(recordsIn({ meta: {}, page: { rows: [{ a: 1 }] } }).path, 'page.rows');
    assert.deepEqual(recordsIn({ items: [], tags: ['a'] }), { records: [], path: 'items' });
    assert.throws(() => recordsIn('text'), /holds text \("text"\), not records/);
  });

  it('expands header templates into name and value', () => {
    assert.deepEqual(expandHeaders(['Authorization: Bearer ${T}', 'Accept:application/json'], { T: 'x' }, {}), [
      ['Authorization', 'Bearer x'],
      ['Accept', 'application/json'],
    ]);
  });

  it('shows cell text of flattened records', async () => {
    const api = await serve((_request, response) => sendJson(response, [{ id: 1, tags: ['a', 'b'] }]));
    const { frame } = await read({ url: `${api.origin}/t` });
    assert.equal(cellText(frame.columns[2], 0), 'a; b');
  });
});
