/**
 * Lovense battery: write `Battery;`, then take the first notification that reads as a level.
 * A toy that is vibrating prefixes the level with `s` (`s89;`).
 */
import type { Hardware } from '../../src/hardware/types.ts';
import { deviceError } from '../../src/errors.ts';
import { NotificationInbox } from '../kit/notification-inbox.ts';
import { ascii } from '../kit/values.ts';

const BATTERY_REPLY = /^s?(\d{1,3});$/;

/** The level in a reply such as `89;` or `s89;`, or undefined if the text is something else. */
export function parseLovenseBattery(text: string): number | undefined {
  const match = BATTERY_REPLY.exec(text);
  if (!match) return undefined;
  const level = Number.parseInt(match[1], 10);
  return level <= 100 ? level : undefined;
}

export async function readLovenseBattery(hardware: Hardware, timeoutMs: number): Promise<number> {
  const inbox = new NotificationInbox(hardware);
  const deadline = Date.now() + timeoutMs;
  try {
    await hardware.write('tx', ascii('Battery;'), false);
    // Other traffic (command acknowledgements) may arrive first; it is skipped until the deadline.
    while (Date.now() < deadline) {
      const reply = await inbox.next(deadline - Date.now());
      if (!reply) break;
      const level = parseLovenseBattery(new TextDecoder().decode(reply.data));
      if (level !== undefined) return level;
    }
    throw deviceError(`lovense: ${hardware.name} sent no battery level within ${timeoutMs} ms`);
  } finally {
    inbox.close();
  }
}
