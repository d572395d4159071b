/** Hismith mini generation: the model number from rxblemodel picks the configuration (reference: hismith_mini). */
import { createMiniHismithHandler, HISMITH_MINI, readHismithModel } from './families/hismith.ts';
import { defineProtocol } from './kit/define.ts';

export const protocol = defineProtocol({
  name: HISMITH_MINI,
  identify: ({ hardware }) => readHismithModel(HISMITH_MINI, hardware),
  async initialize({ definition }) {
    return createMiniHismithHandler(HISMITH_MINI, definition);
  },
});
