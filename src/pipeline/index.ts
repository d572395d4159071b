export { coalesceWindow, createCoalescer, mergeBatch, type Batch, type Coalescer, type CoalescerOptions } from './coalesce.ts';
export { createOutputDedup, type OutputDedup } from './dedup.ts';
export {
  BATTERY_ENDPOINT,
  BATTERY_READ_TIMEOUT_MS,
  createDeviceDriver,
  type DeviceDriver,
  type DeviceDriverOptions,
  type DriverLog,
  type StopOptions,
} from './device-driver.ts';
export { HardwareCommandError, createHardwareWriter, overlaps, type HardwareWriter } from './hardware-writer.ts';
export { keepaliveTicks } from './keepalive.ts';
export { stopOutput } from './stop-outputs.ts';
