import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { Dispatcher } from 'undici';
import { toProviderError } from './send-provider-request.js';

/**
 * The Server-Sent Events of a provider's streaming response, in order. A stall (no bytes within the
 * request's stall timeout), a reset or a truncated body is thrown as a `stream_stalled` or
 * `stream_cut` provider error; telling a complete stream from a cut one by its final event is the
 * provider's job, since only it knows which event is final. Stopping early closes the socket.
 */
export async function* readProviderEvents(body: Dispatcher.ResponseData['body'], provider: string, signal: AbortSignal | undefined): AsyncGenerator<EventSourceMessage> {
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => pending.push(message) });
  const decoder = new TextDecoder();
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      parser.feed(decoder.decode(chunk, { stream: true }));
      while (pending.length > 0) yield pending.shift() as EventSourceMessage;
    }
  } catch (error) {
    throw toProviderError(error, provider, signal, 'stream');
  } finally {
    if (!body.destroyed) body.destroy();
  }
  parser.feed('\n\n');
  while (pending.length > 0) yield pending.shift() as EventSourceMessage;
}
