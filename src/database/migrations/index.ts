import { Initial1732780800000 } from './1732780800000-initial.js';

/** Every migration, in order. Listed explicitly (not globbed) so src/ and dist/ behave alike. */
export const MIGRATIONS = [Initial1732780800000];
