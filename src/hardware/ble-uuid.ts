/** BLE UUIDs in one spelling, so the device config, advertisements and noble's answers compare equal. */

const BLUETOOTH_BASE_SUFFIX = '00001000800000805f9b34fb';

/**
 * The device config's spelling: 128-bit, lowercase, dashed. 16- and 32-bit short UUIDs (noble says
 * "fff0") are expanded onto the Bluetooth base UUID; anything that is not a UUID is only lowercased.
 */
export function canonicalUuid(uuid: string): string {
  const hex = uuid.replace(/-/g, '').toLowerCase();
  const full =
    hex.length === 4 ? `0000${hex}${BLUETOOTH_BASE_SUFFIX}` : hex.length === 8 ? `${hex}${BLUETOOTH_BASE_SUFFIX}` : hex;
  if (!/^[0-9a-f]{32}$/.test(full)) return uuid.toLowerCase();
  return `${full.slice(0, 8)}-${full.slice(8, 12)}-${full.slice(12, 16)}-${full.slice(16, 20)}-${full.slice(20)}`;
}
