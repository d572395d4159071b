/**
 * KGoal Boost: a pelvic-floor trainer with no outputs. One notification on `rxpressure` carries
 * two pressure readings, big-endian u16 each: bytes 3–4 normalized (feature 0), bytes 5–6 raw
 * (feature 1). The characteristic is subscribed while either feature is, and a reading is passed
 * on only when it changed (reference: kgoal_boost).
 */
import { Subject, type Subscription } from 'rxjs';
import type { InputType } from '../src/devices/features.ts';
import type { Hardware, Notification } from '../src/hardware/types.ts';
import { deviceError } from '../src/errors.ts';
import { defineProtocol } from './kit/define.ts';
import type { HardwareCommand, HardwareOutput, InputReadingEvent, ProtocolHandler } from './kit/types.ts';
import { unsupportedOutput } from './kit/values.ts';

const NAME = 'kgoal-boost';
const ENDPOINT = 'rxpressure';
const NORMALIZED = 0;
const RAW = 1;
const READING_LENGTH = 7;

/** [normalized, raw] from a notification, or undefined when it is too short to hold both. */
export function kgoalBoostPressures(data: Uint8Array): [number, number] | undefined {
  if (data.length < READING_LENGTH) return undefined;
  return [(data[3] << 8) | data[4], (data[5] << 8) | data[6]];
}

class KGoalBoostHandler implements ProtocolHandler {
  readonly keepalive = { kind: 'none' } as const;
  private readonly subject = new Subject<InputReadingEvent>();
  readonly readings = this.subject.asObservable();
  private readonly subscribed = new Set<number>();
  private listener: Subscription | undefined;

  output(command: HardwareOutput): HardwareCommand[] {
    throw unsupportedOutput(NAME, command);
  }

  async subscribeInput(hardware: Hardware, featureIndex: number, input: InputType): Promise<void> {
    checkPressureFeature(featureIndex, input);
    if (this.subscribed.has(featureIndex)) return;
    if (this.subscribed.size === 0) {
      await hardware.subscribe(ENDPOINT);
      this.listen(hardware);
    }
    this.subscribed.add(featureIndex);
  }

  async unsubscribeInput(hardware: Hardware, featureIndex: number, input: InputType): Promise<void> {
    checkPressureFeature(featureIndex, input);
    if (!this.subscribed.delete(featureIndex)) return;
    if (this.subscribed.size > 0) return;
    this.stopListening();
    await hardware.unsubscribe(ENDPOINT);
  }

  dispose(): void {
    this.stopListening();
    this.subject.complete();
  }

  /** Each subscription starts with both cached readings at 0, as the reference's listener does. */
  private listen(hardware: Hardware): void {
    const last = [0, 0];
    this.listener = hardware.notifications.subscribe((notification: Notification) => {
      if (notification.endpoint !== ENDPOINT) return;
      // A short notification is skipped, as in the reference (which logs it).
      const pressures = kgoalBoostPressures(notification.data);
      if (!pressures) return;
      for (const featureIndex of [NORMALIZED, RAW]) {
        const value = pressures[featureIndex];
        if (this.subscribed.has(featureIndex) && value !== last[featureIndex]) {
          this.subject.next({ featureIndex, input: 'Pressure', value });
        }
      }
      last.splice(0, 2, ...pressures);
    });
  }

  private stopListening(): void {
    this.listener?.unsubscribe();
    this.listener = undefined;
  }
}

function checkPressureFeature(featureIndex: number, input: InputType): void {
  if (input !== 'Pressure' || (featureIndex !== NORMALIZED && featureIndex !== RAW)) {
    throw deviceError(`${NAME}: no ${input} subscription on feature ${featureIndex}`);
  }
}

export const protocol = defineProtocol({
  name: NAME,
  initialize: async () => new KGoalBoostHandler(),
});
