import { Initial1732780800000 } from './1732780800000-initial.js';
import { AuthEvidence1732867200000 } from './1732867200000-auth-evidence.js';
import { Notifications1732953600000 } from './1732953600000-notifications.js';
import { Reports1733040000000 } from './1733040000000-reports.js';
import { ItemReview1733212800000 } from './1733212800000-item-review.js';
import { TaskQueryIndexes1733299200000 } from './1733299200000-task-query-indexes.js';
import { EvidenceFilePerUploader1733385600000 } from './1733385600000-evidence-file-per-uploader.js';
import { Messages1733472000000 } from './1733472000000-messages.js';
import { EvidenceTakenAt1733644800000 } from './1733644800000-evidence-taken-at.js';

/** Every migration, in order. Listed explicitly (not globbed) so src/ and dist/ behave alike. */
export const MIGRATIONS = [
  Initial1732780800000,
  AuthEvidence1732867200000,
  Notifications1732953600000,
  Reports1733040000000,
  ItemReview1733212800000,
  TaskQueryIndexes1733299200000,
  EvidenceFilePerUploader1733385600000,
  Messages1733472000000,
  EvidenceTakenAt1733644800000,
];
