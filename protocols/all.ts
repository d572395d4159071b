// Written by `npm run protocols:list` from the files in protocols/ (see kit/protocol-list.ts); do not edit.
import type { Protocol } from './kit/types.ts';
import { protocol as activejoy } from './activejoy.ts';
import { protocol as adrienlastic } from './adrienlastic.ts';
import { protocol as amorelieJoy } from './amorelie-joy.ts';
import { protocol as aneros } from './aneros.ts';
import { protocol as ankni } from './ankni.ts';
import { protocol as bananasome } from './bananasome.ts';
import { protocol as cachito } from './cachito.ts';
import { protocol as cowgirl } from './cowgirl.ts';
import { protocol as cowgirlCone } from './cowgirl-cone.ts';
import { protocol as cueme } from './cueme.ts';
import { protocol as cupido } from './cupido.ts';
import { protocol as deepsire } from './deepsire.ts';
import { protocol as feelingso } from './feelingso.ts';
import { protocol as fleshyThrust } from './fleshy-thrust.ts';
import { protocol as fluffer } from './fluffer.ts';
import { protocol as foreo } from './foreo.ts';
import { protocol as fox } from './fox.ts';
import { protocol as fredorch } from './fredorch.ts';
import { protocol as fredorchRotary } from './fredorch-rotary.ts';
import { protocol as galaku } from './galaku.ts';
import { protocol as galakuPump } from './galaku-pump.ts';
import { protocol as hgod } from './hgod.ts';
import { protocol as hismith } from './hismith.ts';
import { protocol as hismithMini } from './hismith-mini.ts';
import { protocol as honeyplaybox } from './honeyplaybox.ts';
import { protocol as htkBm } from './htk_bm.ts';
import { protocol as itoys } from './itoys.ts';
import { protocol as jejoue } from './jejoue.ts';
import { protocol as joyhub } from './joyhub.ts';
import { protocol as kgoalBoost } from './kgoal-boost.ts';
import { protocol as kiirooPowershot } from './kiiroo-powershot.ts';
import { protocol as kiirooProwand } from './kiiroo-prowand.ts';
import { protocol as kiirooSpot } from './kiiroo-spot.ts';
import { protocol as kiirooV1 } from './kiiroo-v1.ts';
import { protocol as kiirooV2 } from './kiiroo-v2.ts';
import { protocol as kiirooV2Vibrator } from './kiiroo-v2-vibrator.ts';
import { protocol as kiirooV21 } from './kiiroo-v21.ts';
import { protocol as kiirooV21Initialized } from './kiiroo-v21-initialized.ts';
import { protocol as kiirooV3 } from './kiiroo-v3.ts';
import { protocol as kizuna } from './kizuna.ts';
import { protocol as leloF1s } from './lelo-f1s.ts';
import { protocol as leloF1sv2 } from './lelo-f1sv2.ts';
import { protocol as leloHarmony } from './lelo-harmony.ts';
import { protocol as leten } from './leten.ts';
import { protocol as liboElle } from './libo-elle.ts';
import { protocol as liboKaren } from './libo-karen.ts';
import { protocol as liboShark } from './libo-shark.ts';
import { protocol as liboVibes } from './libo-vibes.ts';
import { protocol as lioness } from './lioness.ts';
import { protocol as loob } from './loob.ts';
import { protocol as lovedistance } from './lovedistance.ts';
import { protocol as lovehoneyDesire } from './lovehoney-desire.ts';
import { protocol as lovense } from './lovense/index.ts';
import { protocol as lovenuts } from './lovenuts.ts';
import { protocol as luvmazer } from './luvmazer.ts';
import { protocol as magicMotion1 } from './magic-motion-1.ts';
import { protocol as magicMotion2 } from './magic-motion-2.ts';
import { protocol as magicMotion3 } from './magic-motion-3.ts';
import { protocol as magicMotion4 } from './magic-motion-4.ts';
import { protocol as mannuo } from './mannuo.ts';
import { protocol as maxpro } from './maxpro.ts';
import { protocol as meese } from './meese.ts';
import { protocol as mizzzee } from './mizzzee.ts';
import { protocol as mizzzeeV2 } from './mizzzee-v2.ts';
import { protocol as mizzzeeV3 } from './mizzzee-v3.ts';
import { protocol as monsterpub } from './monsterpub.ts';
import { protocol as motorbunny } from './motorbunny.ts';
import { protocol as muse } from './muse.ts';
import { protocol as mymuselinkplus } from './mymuselinkplus.ts';
import { protocol as mysteryvibe } from './mysteryvibe.ts';
import { protocol as mysteryvibeV2 } from './mysteryvibe-v2.ts';
import { protocol as nextlevelracing } from './nextlevelracing.ts';
import { protocol as nexusRevo } from './nexus-revo.ts';
import { protocol as nintendoJoycon } from './nintendo-joycon.ts';
import { protocol as nobra } from './nobra.ts';
import { protocol as omobo } from './omobo.ts';
import { protocol as patoo } from './patoo.ts';
import { protocol as picobong } from './picobong.ts';
import { protocol as pinkPunch } from './pink_punch.ts';
import { protocol as prettylove } from './prettylove.ts';
import { protocol as realov } from './realov.ts';
import { protocol as rezTrancevibrator } from './rez-trancevibrator.ts';
import { protocol as sakuraneko } from './sakuraneko.ts';
import { protocol as satisfyer } from './satisfyer.ts';
import { protocol as sayberx } from './sayberx.ts';
import { protocol as sensee } from './sensee.ts';
import { protocol as senseeV2 } from './sensee-v2.ts';
import { protocol as serveu } from './serveu.ts';
import { protocol as sexverseLg389 } from './sexverse-lg389.ts';
import { protocol as sexverseV1 } from './sexverse-v1.ts';
import { protocol as sexverseV2 } from './sexverse-v2.ts';
import { protocol as sexverseV3 } from './sexverse-v3.ts';
import { protocol as sexverseV4 } from './sexverse-v4.ts';
import { protocol as sexverseV5 } from './sexverse-v5.ts';
import { protocol as svakomAlex } from './svakom-alex.ts';
import { protocol as svakomAlexV2 } from './svakom-alex-v2.ts';
import { protocol as svakomAvaneo } from './svakom-avaneo.ts';
import { protocol as svakomBarnard } from './svakom-barnard.ts';
import { protocol as svakomBarney } from './svakom-barney.ts';
import { protocol as svakomDice } from './svakom-dice.ts';
import { protocol as svakomDt250a } from './svakom-dt250a.ts';
import { protocol as svakomIker } from './svakom-iker.ts';
import { protocol as svakomJordan } from './svakom-jordan.ts';
import { protocol as svakomPulse } from './svakom-pulse.ts';
import { protocol as svakomSam } from './svakom-sam.ts';
import { protocol as svakomSam2 } from './svakom-sam2.ts';
import { protocol as svakomSuitcase } from './svakom-suitcase.ts';
import { protocol as svakomTarax } from './svakom-tarax.ts';
import { protocol as svakomV1 } from './svakom-v1.ts';
import { protocol as svakomV2 } from './svakom-v2.ts';
import { protocol as svakomV3 } from './svakom-v3.ts';
import { protocol as svakomV4 } from './svakom-v4.ts';
import { protocol as svakomV5 } from './svakom-v5.ts';
import { protocol as svakomV6 } from './svakom-v6.ts';
import { protocol as synchro } from './synchro.ts';
import { protocol as tcodeV03 } from './tcode-v03.ts';
import { protocol as thehandy } from './thehandy.ts';
import { protocol as thehandyV3 } from './thehandy-v3.ts';
import { protocol as tryfun } from './tryfun.ts';
import { protocol as tryfunBlackhole } from './tryfun-blackhole.ts';
import { protocol as tryfunMeta2 } from './tryfun-meta2.ts';
import { protocol as twerkingbutt } from './twerkingbutt.ts';
import { protocol as vibcrafter } from './vibcrafter.ts';
import { protocol as vibratissimo } from './vibratissimo.ts';
import { protocol as vorzeCycloneX } from './vorze-cyclone-x.ts';
import { protocol as vorzeSa } from './vorze-sa.ts';
import { protocol as wetoy } from './wetoy.ts';
import { protocol as wevibe } from './wevibe.ts';
import { protocol as wevibe8bit } from './wevibe-8bit.ts';
import { protocol as wevibeChorus } from './wevibe-chorus.ts';
import { protocol as xibao } from './xibao.ts';
import { protocol as xiuxiuda } from './xiuxiuda.ts';
import { protocol as xuanhuan } from './xuanhuan.ts';
import { protocol as youcups } from './youcups.ts';
import { protocol as youou } from './youou.ts';
import { protocol as zalo } from './zalo.ts';

export const ALL_PROTOCOLS: readonly Protocol[] = [
  activejoy,
  adrienlastic,
  amorelieJoy,
  aneros,
  ankni,
  bananasome,
  cachito,
  cowgirl,
  cowgirlCone,
  cueme,
  cupido,
  deepsire,
  feelingso,
  fleshyThrust,
  fluffer,
  foreo,
  fox,
  fredorch,
  fredorchRotary,
  galaku,
  galakuPump,
  hgod,
  hismith,
  hismithMini,
  honeyplaybox,
  htkBm,
  itoys,
  jejoue,
  joyhub,
  kgoalBoost,
  kiirooPowershot,
  kiirooProwand,
  kiirooSpot,
  kiirooV1,
  kiirooV2,
  kiirooV2Vibrator,
  kiirooV21,
  kiirooV21Initialized,
  kiirooV3,
  kizuna,
  leloF1s,
  leloF1sv2,
  leloHarmony,
  leten,
  liboElle,
  liboKaren,
  liboShark,
  liboVibes,
  lioness,
  loob,
  lovedistance,
  lovehoneyDesire,
  lovense,
  lovenuts,
  luvmazer,
  magicMotion1,
  magicMotion2,
  magicMotion3,
  magicMotion4,
  mannuo,
  maxpro,
  meese,
  mizzzee,
  mizzzeeV2,
  mizzzeeV3,
  monsterpub,
  motorbunny,
  muse,
  mymuselinkplus,
  mysteryvibe,
  mysteryvibeV2,
  nextlevelracing,
  nexusRevo,
  nintendoJoycon,
  nobra,
  omobo,
  patoo,
  picobong,
  pinkPunch,
  prettylove,
  realov,
  rezTrancevibrator,
  sakuraneko,
  satisfyer,
  sayberx,
  sensee,
  senseeV2,
  serveu,
  sexverseLg389,
  sexverseV1,
  sexverseV2,
  sexverseV3,
  sexverseV4,
  sexverseV5,
  svakomAlex,
  svakomAlexV2,
  svakomAvaneo,
  svakomBarnard,
  svakomBarney,
  svakomDice,
  svakomDt250a,
  svakomIker,
  svakomJordan,
  svakomPulse,
  svakomSam,
  svakomSam2,
  svakomSuitcase,
  svakomTarax,
  svakomV1,
  svakomV2,
  svakomV3,
  svakomV4,
  svakomV5,
  svakomV6,
  synchro,
  tcodeV03,
  thehandy,
  thehandyV3,
  tryfun,
  tryfunBlackhole,
  tryfunMeta2,
  twerkingbutt,
  vibcrafter,
  vibratissimo,
  vorzeCycloneX,
  vorzeSa,
  wetoy,
  wevibe,
  wevibe8bit,
  wevibeChorus,
  xibao,
  xiuxiuda,
  xuanhuan,
  youcups,
  youou,
  zalo,
];
