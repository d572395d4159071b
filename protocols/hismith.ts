/**
 * Hismith: the model number read from rxblemodel picks the configuration. Only the legacy models
 * (families/hismith.ts) speak this protocol's 0xAA packets; any other model is configured and
 * driven as a hismith-mini device, as the reference does (reference: hismith).
 */
import {
  createLegacyHismithHandler,
  createMiniHismithHandler,
  HISMITH_MINI,
  isLegacyHismith,
  readHismithModel,
} from './families/hismith.ts';
import { defineProtocol } from './kit/define.ts';

const NAME = 'hismith';

export const protocol = defineProtocol({
  name: NAME,
  identify: ({ hardware }) => readHismithModel(NAME, hardware),
  configurationProtocol: (model) => (isLegacyHismith(model) ? NAME : HISMITH_MINI),
  async initialize({ definition }) {
    if (definition.protocol === HISMITH_MINI) return createMiniHismithHandler(HISMITH_MINI, definition);
    return createLegacyHismithHandler(NAME);
  },
});
