import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancelledError, DataError } from '../../src/engine/errors';
import { CANCELLED_ERROR_NAME, assertNever, serializeError, type EngineRequest } from '../../src/protocol/worker';

describe('serializeError', () => {
  it('marks engine errors as user-facing and keeps name, message and stack', () => {
    const serialized = serializeError(new DataError('The file is empty.', 1));
    assert.equal(serialized.name, 'DataError');
    assert.equal(serialized.message, 'The file is empty.');
    assert.equal(serialized.userFacing, true);
    assert.match(serialized.stack ?? '', /DataError: The file is empty\./);
  });

  it('names cancellation as the host expects', () => {
    assert.equal(serializeError(new CancelledError()).name, CANCELLED_ERROR_NAME);
  });

  it('treats other errors as bugs', () => {
    const serialized = serializeError(new TypeError('x is not a function'));
    assert.equal(serialized.name, 'TypeError');
    assert.equal(serialized.userFacing, false);
  });

  it('turns thrown non-errors into text', () => {
    assert.deepEqual(serializeError('oops'), { name: 'Error', message: 'oops', userFacing: false });
    assert.equal(serializeError({ code: 7 }).message, '{"code":7}');
    assert.equal(serializeError(undefined).message, 'undefined');
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    assert.equal(serializeError(cyclic).message, '[object Object]');
  });

  it('survives structured cloning unchanged', () => {
    const serialized = serializeError(new DataError('bad'));
    assert.deepEqual(structuredClone(serialized), serialized);
  });
});

describe('assertNever', () => {
  it('throws a TypeError naming the unexpected kind', () => {
    const unknownRequest = { kind: 'run/start', requestId: 1 } as unknown as never;
    assert.throws(() => assertNever(unknownRequest, 'engine request'), {
      name: 'TypeError',
      message: 'Unexpected engine request: kind "run/start"',
    });
    assert.throws(() => assertNever(42 as never), /Unexpected value: 42/);
  });

  it('makes a switch over the protocol exhaustive', () => {
    const kindOf = (request: EngineRequest): string => {
      switch (request.kind) {
        case 'source/peek':
        case 'source/choices':
        case 'profile/start':
        case 'run/start':
          return request.source.kind;
        case 'explain/rows':
        case 'explain/trial':
        case 'explain/final':
        case 'export/module':
        case 'export/service':
        case 'monitor/check':
          return request.runDir;
        case 'request/cancel':
          return 'cancel';
        default:
          return assertNever(request);
      }
    };
    assert.equal(kindOf({ kind: 'request/cancel', requestId: 3 }), 'cancel');
  });
});
