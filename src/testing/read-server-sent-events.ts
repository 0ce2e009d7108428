/** One frame of an SSE stream as it came over the wire. */
export interface ServerSentFrame {
  id?: number;
  event?: string;
  data?: string;
  /** Comment lines (`: heartbeat`). */
  comment?: string;
}

/**
 * Opens an SSE stream over a real socket and yields its frames as they arrive (a deliberately
 * small parser, so tests also see comments and exact `id:` lines).
 */
export async function* readServerSentEvents(url: string, headers: Record<string, string>, signal: AbortSignal): AsyncGenerator<ServerSentFrame> {
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal });
  if (!response.ok || !response.body) {
    throw new Error(`stream answered ${response.status}: ${await response.text()}`);
  }
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let boundary = buffer.indexOf('\n\n');
      while (boundary >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const frame: ServerSentFrame = {};
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) frame.comment = line.slice(1).trim();
          else if (line.startsWith('id: ')) frame.id = Number(line.slice(4));
          else if (line.startsWith('event: ')) frame.event = line.slice(7);
          else if (line.startsWith('data: ')) frame.data = line.slice(6);
        }
        yield frame;
        boundary = buffer.indexOf('\n\n');
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}
