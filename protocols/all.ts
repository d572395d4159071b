// Written by `npm run protocols:list` from the files in protocols/ (see kit/protocol-list.ts); do not edit.
import type { Protocol } from './kit/types.ts';
import { protocol as aneros } from './aneros.ts';
import { protocol as kiirooV2 } from './kiiroo-v2.ts';
import { protocol as lovense } from './lovense/index.ts';
import { protocol as magicMotion1 } from './magic-motion-1.ts';
import { protocol as magicMotion2 } from './magic-motion-2.ts';
import { protocol as magicMotion3 } from './magic-motion-3.ts';
import { protocol as magicMotion4 } from './magic-motion-4.ts';
import { protocol as satisfyer } from './satisfyer.ts';
import { protocol as tcodeV03 } from './tcode-v03.ts';
import { protocol as vorzeSa } from './vorze-sa.ts';
import { protocol as wevibe } from './wevibe.ts';
import { protocol as wevibe8bit } from './wevibe-8bit.ts';
import { protocol as wevibeChorus } from './wevibe-chorus.ts';

export const ALL_PROTOCOLS: readonly Protocol[] = [
  aneros,
  kiirooV2,
  lovense,
  magicMotion1,
  magicMotion2,
  magicMotion3,
  magicMotion4,
  satisfyer,
  tcodeV03,
  vorzeSa,
  wevibe,
  wevibe8bit,
  wevibeChorus,
];
