import type { ClientConnection } from './connection.ts';

let counter = 0;

/** A process-unique, human-readable connection id such as `websocket-3`. */
export function nextConnectionId(kind: ClientConnection['kind']): string {
  counter += 1;
  return `${kind}-${counter}`;
}
