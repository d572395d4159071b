/** CRC-16/MODBUS (reflected polynomial 0xA001, initial 0xFFFF), used by fredorch and honeyplaybox. */
export function crc16Modbus(data: ArrayLike<number>): number {
  let crc = 0xffff;
  for (let i = 0; i < data.length; i++) {
    crc ^= data[i] & 0xff;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}
