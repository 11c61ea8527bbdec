// Operator configuration: which models are always active or inactive, and the status of models new to the registry.
// A deployment can replace this file at run time with MODEL_DEFAULTS_PATH=/path/file.json (same shape).
// Entries name a model id, an alias or a group name; an entry without a version suffix (e.g. `mistral-large`)
// that matches nothing falls back to the group of `<entry>-latest`. See README "Configuration".
import type { ModelDefaults } from '../lib/registry/types';

const modelDefaults: ModelDefaults = {
  alwaysActive: [
    'mistral-large',
    'mistral-medium',
    'mistral-tiny',
    'open-mistral-nemo-2407',
    'pixtral-large-2411',
  ],
  alwaysInactive: [],
  defaultNewModelStatus: 'inactive',
};

export default modelDefaults;
