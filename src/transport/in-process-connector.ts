import { EventEmitter } from 'node:events';
import type { Subscription } from 'rxjs';
import type { ConnectionAcceptor } from './connection.ts';
import { createInProcessPair, type InProcessClientEnd } from './in-process.ts';
import { describeError } from '../errors.ts';

/**
 * A connector for the official Buttplug client (buttplug-js 5, spec v4) that talks to a server in
 * the same process: `await client.connect(new InProcessClientConnector(server))`.
 *
 * It follows that client's connector contract: connect/disconnect/initialize/send, `Connected`,
 * a 'message' event carrying the parsed array of messages of one frame, and a 'disconnect' event.
 * Outgoing messages are wrapped in a one-element JSON array, as the websocket connector does.
 */
export class InProcessClientConnector extends EventEmitter {
  private clientEnd: InProcessClientEnd | undefined;
  private subscription: Subscription | undefined;

  constructor(private readonly acceptor: ConnectionAcceptor) {
    super();
  }

  /** Node types this as Function[]; the Buttplug client's emitter type wants callable listeners. */
  override listeners(eventName: string | symbol): ((...args: unknown[]) => void)[] {
    return super.listeners(eventName) as ((...args: unknown[]) => void)[];
  }

  get Connected(): boolean {
    return this.clientEnd !== undefined;
  }

  connect = async (): Promise<void> => {
    if (this.clientEnd) throw new Error('InProcessClientConnector is already connected');
    const { server, client } = createInProcessPair();
    this.clientEnd = client;
    this.subscription = client.messages.subscribe({
      next: (text) => this.receive(text),
      complete: () => this.dropConnection(),
    });
    try {
      this.acceptor.accept(server);
    } catch (error) {
      client.close(1011, 'server could not accept the connection');
      this.dropConnection(false);
      const message = describeError(error);
      throw new Error(`in-process server refused the connection: ${message}`, { cause: error });
    }
    await this.initialize();
  };

  disconnect = async (): Promise<void> => {
    if (!this.clientEnd) return;
    this.clientEnd.close();
    this.dropConnection();
  };

  initialize = async (): Promise<void> => {};

  send = (message: object): void => {
    if (!this.clientEnd) throw new Error('InProcessClientConnector is not connected');
    this.clientEnd.send(`[${JSON.stringify(message)}]`);
  };

  private receive(text: string) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return; // The client can do nothing with a frame that is not JSON; the server logs its own output.
    }
    this.emit('message', Array.isArray(parsed) ? parsed : [parsed]);
  }

  /** Forgets the connection once, from whichever side ended it, and tells the client. */
  private dropConnection(announce = true) {
    if (!this.clientEnd) return;
    this.clientEnd = undefined;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    if (announce) this.emit('disconnect');
  }
}
