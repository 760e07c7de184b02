/*
 * The few web-platform globals the engine relies on. They exist in Node, in worker threads and in
 * browsers alike, but the engine compiles without DOM or Node typings (so a stray `document` or
 * `require` fails type-checking), hence these minimal declarations.
 */
interface TextDecoderOptionsLike {
  fatal?: boolean;
  ignoreBOM?: boolean;
}
declare class TextDecoder {
  constructor(label?: string, options?: TextDecoderOptionsLike);
  readonly encoding: string;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
declare const performance: { now(): number };
/** Lets long engine loops yield to the host's event loop (messages, timers, signals). */
declare function setTimeout(callback: () => void, ms?: number): unknown;
