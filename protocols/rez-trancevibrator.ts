/**
 * Rez TranceVibrator (ASCII Corporation, a plain USB device, 0b49:064f). Not in the reference's
 * code and not in the stpihkal documentation; built from two public descriptions of the device:
 * the speed (0–255) is the value of vendor request 1, a control transfer out with no data and
 * index 0. Buttplug's old C# server addressed it to the interface (bmRequestType 0x41), which is
 * what plugstate's USB bus sends; Linux's trancevibrator driver uses "other" (0x43), which the
 * device accepts alike.
 */
import { packetProtocol } from './kit/packet-table.ts';
import { USB_VENDOR_CONTROL_ENDPOINT } from '../src/hardware/device-description.ts';

/** Vendor request 1 sets the speed. */
const SET_SPEED = 0x01;

export const protocol = packetProtocol('rez-trancevibrator', {
  outputs: ['Vibrate'],
  endpoint: USB_VENDOR_CONTROL_ENDPOINT,
  // [request, value low, value high, index low, index high]
  layout: { header: [SET_SPEED], perValue: ['value'], footer: [0x00, 0x00, 0x00] },
});
