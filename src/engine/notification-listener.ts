import pg from 'pg';
import type { Logger } from 'pino';
import { notificationChannels } from '../store/notification-channels.js';

type Channel = (typeof notificationChannels)[keyof typeof notificationChannels];
type Handler = (payload: string) => void;

/**
 * One LISTEN connection per process, shared by the worker's fetcher, cancellation and every SSE
 * stream. It reconnects with backoff after a connection loss and then calls the `reconnect`
 * subscribers, because notifications sent while it was away are lost: subscribers re-read state.
 */
export class PostgresNotificationListener {
  readonly #handlers = new Map<Channel | 'reconnect', Set<Handler>>();
  #client: pg.Client | undefined;
  #closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
  ) {}

  /** Connects and listens on every Agent Bus channel. */
  async start(): Promise<void> {
    await this.#connect();
  }

  /** Calls `handler` with each payload on `channel`; returns the unsubscribe function. */
  subscribe(channel: Channel | 'reconnect', handler: Handler): () => void {
    let handlers = this.#handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.#handlers.set(channel, handlers);
    }
    handlers.add(handler);
    return () => handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, application_name: 'agentbus-listener' });
    client.on('notification', (message) => this.#dispatch(message.channel as Channel, message.payload ?? ''));
    client.on('error', (error) => {
      this.logger.warn({ error: error.message }, 'notification connection lost; reconnecting');
      void this.#reconnect(client);
    });
    await client.connect();
    for (const channel of Object.values(notificationChannels)) {
      await client.query(`LISTEN ${channel}`);
    }
    this.#client = client;
  }

  async #reconnect(failed: pg.Client): Promise<void> {
    if (this.#client !== failed || this.#closed) return;
    this.#client = undefined;
    await failed.end().catch(() => undefined);
    for (let attempt = 1; !this.#closed; attempt += 1) {
      try {
        await this.#connect();
        this.#dispatch('reconnect', '');
        return;
      } catch (error) {
        this.logger.warn({ error: (error as Error).message, attempt }, 'notification connection still down');
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 100 * 2 ** attempt)));
      }
    }
  }

  #dispatch(channel: Channel | 'reconnect', payload: string): void {
    for (const handler of this.#handlers.get(channel) ?? []) {
      try {
        handler(payload);
      } catch (error) {
        this.logger.error({ error: (error as Error).message, channel }, 'notification handler failed');
      }
    }
  }
}
