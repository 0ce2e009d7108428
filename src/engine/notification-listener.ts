import pg from 'pg';
import type { Logger } from 'pino';
import { notificationChannels } from '../store/notification-channels.js';

type Channel = (typeof notificationChannels)[keyof typeof notificationChannels];
type Handler = (payload: string) => void;

/**
 * One LISTEN connection per process, shared by the worker's fetcher, cancellation and every SSE
 * stream. It listens on a channel only while someone subscribes to it: a worker that serves no
 * streams does not make PostgreSQL deliver every run event to it (that delivery alone took a third
 * of the database's CPU in the queue benchmark). It reconnects with backoff after a connection
 * loss and then calls the `reconnect` subscribers, because notifications sent while it was away
 * are lost: subscribers re-read state.
 */
export class PostgresNotificationListener {
  readonly #handlers = new Map<Channel | 'reconnect', Set<Handler>>();
  #client: pg.Client | undefined;
  #closed = false;
  /** LISTEN/UNLISTEN commands run one after another on the connection, in subscription order. */
  #commands: Promise<void> = Promise.resolve();

  constructor(
    private readonly connectionString: string,
    private readonly logger: Logger,
  ) {}

  /** Connects (and listens on the channels that already have subscribers). */
  async start(): Promise<void> {
    await this.#connect();
  }

  /**
   * Calls `handler` with each payload on `channel`. Resolves, with the unsubscribe function, once
   * PostgreSQL is listening: anything committed after that is announced to the handler.
   */
  async subscribe(channel: Channel | 'reconnect', handler: Handler): Promise<() => void> {
    let handlers = this.#handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.#handlers.set(channel, handlers);
    }
    handlers.add(handler);
    if (channel !== 'reconnect' && handlers.size === 1) await this.#command(`LISTEN ${channel}`);
    return () => {
      if (!handlers.delete(handler) || channel === 'reconnect' || handlers.size > 0) return;
      void this.#command(`UNLISTEN ${channel}`);
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#commands;
    await this.#client?.end().catch(() => undefined);
  }

  #command(sql: string): Promise<void> {
    this.#commands = this.#commands.then(async () => {
      // A lost connection re-issues every needed LISTEN when it comes back.
      await this.#client?.query(sql).catch((error: unknown) => this.logger.warn({ error: (error as Error).message, sql }, 'LISTEN command failed'));
    });
    return this.#commands;
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
      if ((this.#handlers.get(channel)?.size ?? 0) > 0) await client.query(`LISTEN ${channel}`);
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
